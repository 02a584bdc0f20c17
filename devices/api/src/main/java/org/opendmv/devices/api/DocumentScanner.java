package org.opendmv.devices.api;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Document camera or scanner (高拍仪) for supporting materials.
 *
 * <p>Expected intermediate events: {@link IntermediateEvent#PLACE_DOCUMENT_PROMPT},
 * {@link IntermediateEvent#MEDIA_INSERTED}, {@link IntermediateEvent#PAGE_SCANNED} (detail = page
 * number). Substatus: {@link MediaStatus}.
 */
@ConsumerType
public interface DocumentScanner extends Device {

    /**
     * Captures up to {@link ScanRequest#maxPages()} pages before the deadline.
     *
     * @return the pages captured, at least one; fails with {@link CompletionCode#TIMEOUT} if none was
     *         captured in time.
     */
    CompletionStage<ScanResult> scan(ScanRequest request, CommandContext ctx);

    /** Per-command error codes of {@link #scan}. */
    enum ScanError {
        /** No document on the glass or in the feeder. */
        NO_MEDIA,
        /** A document jammed in the feeder. */
        MEDIA_JAM,
        /** The image could not be captured or encoded. */
        IMAGE_FAILURE
    }
}
