package org.opendmv.store.api;

import java.util.Arrays;
import java.util.Objects;

/** A binary part of an application (photo, signature, scanned document). Personal data. */
public final class Attachment {
    private final String mime;
    private final byte[] data;

    public Attachment(String mime, byte[] data) {
        this.mime = Objects.requireNonNull(mime, "mime");
        this.data = Objects.requireNonNull(data, "data").clone();
    }

    public String mime() {
        return mime;
    }

    /** A copy of the bytes. */
    public byte[] data() {
        return data.clone();
    }

    public int size() {
        return data.length;
    }

    public void wipe() {
        Arrays.fill(data, (byte) 0);
    }

    @Override
    public String toString() {
        return "Attachment[" + mime + ", " + data.length + " bytes]";
    }
}
