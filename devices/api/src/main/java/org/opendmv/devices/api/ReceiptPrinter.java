package org.opendmv.devices.api;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receipt printer. Substatus: {@link PaperStatus}, {@link MediaStatus} (receipt waiting at the exit).
 *
 * <p>Expected intermediate events: {@link IntermediateEvent#PRINTING},
 * {@link IntermediateEvent#MEDIA_PRESENTED}, {@link IntermediateEvent#MEDIA_TAKEN}.
 */
@ConsumerType
public interface ReceiptPrinter extends Device {

    /**
     * Prints and cuts one receipt.
     *
     * @return completes when the receipt is presented; fails with {@link CompletionCode#HARDWARE_ERROR}
     *         and {@link PrintError#PAPER_OUT} etc. with {@link ActionHint#CLEAR}.
     */
    CompletionStage<PrintResult> print(Receipt receipt, CommandContext ctx);

    /** Per-command error codes of {@link #print}. */
    enum PrintError {
        /** No paper. */
        PAPER_OUT,
        /** Paper jammed. */
        MEDIA_JAM,
        /** The cover is open. */
        COVER_OPEN,
        /** Print head or cutter failure. */
        MECHANISM_FAILURE
    }
}
