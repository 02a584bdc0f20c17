package org.opendmv.devices.api;

import java.util.Objects;

/**
 * Result of {@link ReceiptPrinter#print}.
 *
 * @param paper paper supply after printing, so a flow can warn staff early ({@link PaperStatus#UNKNOWN}
 *        if the printer cannot tell)
 */
public record PrintResult(PaperStatus paper) {

    /** Checks the argument. */
    public PrintResult {
        Objects.requireNonNull(paper, "paper");
    }
}
