package org.opendmv.devices.api;

import java.util.List;

/**
 * Result of {@link DocumentScanner#scan}.
 *
 * @param pages captured pages in order, at least one
 */
public record ScanResult(List<ScannedPage> pages) {

    /** Copies the list and checks it is not empty. */
    public ScanResult {
        pages = List.copyOf(pages);
        if (pages.isEmpty()) {
            throw new IllegalArgumentException("a scan result has at least one page");
        }
    }

    /** Zeroes every page image. */
    public void wipe() {
        pages.forEach(ScannedPage::wipe);
    }
}
