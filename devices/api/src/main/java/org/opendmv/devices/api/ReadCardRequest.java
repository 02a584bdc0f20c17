package org.opendmv.devices.api;

/** Request for {@link IdCardReader#readCard}. */
public final class ReadCardRequest {
    /** Read text and photo (WLT and, if the driver can decode it, the decoded photo). */
    public static final ReadCardRequest WITH_PHOTO = new ReadCardRequest(true);
    /** Read the text fields only (faster on some readers). */
    public static final ReadCardRequest TEXT_ONLY = new ReadCardRequest(false);

    private final boolean includePhoto;

    private ReadCardRequest(boolean includePhoto) {
        this.includePhoto = includePhoto;
    }

    /** Whether the photo is wanted. */
    public boolean includePhoto() {
        return includePhoto;
    }

    @Override
    public String toString() {
        return "ReadCardRequest[photo=" + includePhoto + "]";
    }
}
