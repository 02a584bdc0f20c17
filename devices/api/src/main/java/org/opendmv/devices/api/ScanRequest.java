package org.opendmv.devices.api;

import java.util.Objects;

/**
 * Request for {@link DocumentScanner#scan}: which material, how many pages, resolution and colour.
 * Defaults: one page, 300 dpi, colour.
 */
public final class ScanRequest {
    private final String materialCode;
    private final int maxPages;
    private final int dpi;
    private final boolean colour;

    private ScanRequest(String materialCode, int maxPages, int dpi, boolean colour) {
        this.materialCode = Objects.requireNonNull(materialCode, "materialCode");
        if (maxPages < 1) {
            throw new IllegalArgumentException("maxPages must be >= 1: " + maxPages);
        }
        if (dpi < 1) {
            throw new IllegalArgumentException("dpi must be >= 1: " + dpi);
        }
        this.maxPages = maxPages;
        this.dpi = dpi;
        this.colour = colour;
    }

    /**
     * One page at 300 dpi in colour.
     *
     * @param materialCode code of the material from the business descriptor (lets a driver pick a crop or
     *        profile); may be empty
     */
    public static ScanRequest of(String materialCode) {
        return new ScanRequest(materialCode, 1, 300, true);
    }

    /** A copy allowing up to {@code maxPages} pages. */
    public ScanRequest withMaxPages(int maxPages) {
        return new ScanRequest(materialCode, maxPages, dpi, colour);
    }

    /** A copy with another resolution. */
    public ScanRequest withDpi(int dpi) {
        return new ScanRequest(materialCode, maxPages, dpi, colour);
    }

    /** A copy in colour ({@code true}) or greyscale. */
    public ScanRequest withColour(boolean colour) {
        return new ScanRequest(materialCode, maxPages, dpi, colour);
    }

    public String materialCode() {
        return materialCode;
    }

    public int maxPages() {
        return maxPages;
    }

    public int dpi() {
        return dpi;
    }

    public boolean colour() {
        return colour;
    }

    @Override
    public String toString() {
        return "ScanRequest[" + materialCode + ", maxPages=" + maxPages + ", dpi=" + dpi + ", colour=" + colour + "]";
    }
}
