package org.opendmv.devices.api;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Result of {@link DocumentScanner#scan}: the page images and, when the driver makes one, a
 * single compressed file of the whole material (e.g. a ZIP of the pages) for the back office.
 *
 * @param pages captured pages in order, at least one
 * @param document bytes of the compressed material file, or {@code null}
 * @param documentMime its media type, e.g. {@code application/zip}; {@code null} without a document
 */
public record ScanResult(List<ScannedPage> pages, byte[] document, String documentMime) {

    /** Copies the list and checks it is not empty and the document has a type. */
    public ScanResult {
        pages = List.copyOf(pages);
        if (pages.isEmpty()) {
            throw new IllegalArgumentException("a scan result has at least one page");
        }
        if ((document == null) != (documentMime == null)) {
            throw new IllegalArgumentException("a document needs its media type, and only a document has one");
        }
    }

    /** Pages only, no material file. */
    public ScanResult(List<ScannedPage> pages) {
        this(pages, null, null);
    }

    /** The compressed material file, if the driver made one. */
    public Optional<byte[]> documentFile() {
        return Optional.ofNullable(document);
    }

    /** Zeroes every page image and the material file. */
    public void wipe() {
        pages.forEach(ScannedPage::wipe);
        if (document != null) {
            Arrays.fill(document, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "ScanResult[" + pages.size() + " page(s)" + (document == null ? "" : ", " + documentMime + " " + document.length + " bytes") + "]";
    }
}
