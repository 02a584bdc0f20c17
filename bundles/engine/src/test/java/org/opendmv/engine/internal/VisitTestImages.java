package org.opendmv.engine.internal;

/** Smallest byte strings the PHOTO and SIGN steps accept as JPEG and PNG (magic numbers only). */
final class VisitTestImages {
    static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 16, 'J', 'F', 'I', 'F'};
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0};

    private VisitTestImages() {
    }
}
