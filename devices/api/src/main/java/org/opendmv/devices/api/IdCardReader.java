package org.opendmv.devices.api;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Resident ID card reader (居民身份证阅读器, SAM-based, GA/T 467).
 *
 * <p>Expected intermediate events: {@link IntermediateEvent#INSERT_CARD_PROMPT} while waiting,
 * {@link IntermediateEvent#MEDIA_INSERTED} when a card is found, {@link IntermediateEvent#INVALID_MEDIA}
 * for a card that is not an ID card. Substatus: {@link MediaStatus}.
 */
@ConsumerType
public interface IdCardReader extends Device {

    /**
     * Waits for a card until the context's deadline and reads it.
     *
     * @return the card data; the caller {@linkplain IdCardData#wipe() wipes} it when done. Fails with
     *         {@link CompletionCode#TIMEOUT} if no card was presented in time, {@link CompletionCode#USER_ERROR}
     *         + {@link ReadCardError#NO_MEDIA} if the card was taken away during the read,
     *         {@link CompletionCode#INVALID_DATA} + {@link ReadCardError#INVALID_MEDIA} for a card that is not
     *         a resident ID card, {@link CompletionCode#HARDWARE_ERROR} + {@link ReadCardError#CHIP_ERROR} for
     *         SAM or chip failures.
     */
    CompletionStage<IdCardData> readCard(ReadCardRequest request, CommandContext ctx);

    /** Per-command error codes of {@link #readCard}. */
    enum ReadCardError {
        /** The card was removed before the read finished. */
        NO_MEDIA,
        /** Not a resident ID card, or unreadable. */
        INVALID_MEDIA,
        /** Chip, RF or SAM authentication failure. */
        CHIP_ERROR,
        /** The text was read but the photo could not be decoded. */
        PHOTO_DECODE_FAILED
    }
}
