package org.opendmv.devices.sanescanner.internal;

/**
 * Reads the pixel size from the header of a JPEG (SOFn segment) or PNG (IHDR chunk) as written by
 * scanimage, without decoding the image. Never throws anything but {@link ScanOutputException}.
 */
final class ImageHeaders {
    static final String JPEG = "image/jpeg";
    static final String PNG = "image/png";
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private ImageHeaders() {
    }

    /** {width, height} of an image of type {@code mime}. */
    static int[] size(byte[] data, String mime) throws ScanOutputException {
        if (data == null) {
            throw new ScanOutputException("no image data");
        }
        if (JPEG.equals(mime)) {
            return jpegSize(data);
        }
        if (PNG.equals(mime)) {
            return pngSize(data);
        }
        throw new ScanOutputException("unsupported image type " + mime);
    }

    static int[] pngSize(byte[] d) throws ScanOutputException {
        if (d.length < 24) {
            throw new ScanOutputException("PNG too short: " + d.length + " bytes");
        }
        for (int i = 0; i < PNG_SIGNATURE.length; i++) {
            if (d[i] != PNG_SIGNATURE[i]) {
                throw new ScanOutputException("not a PNG signature");
            }
        }
        if (d[12] != 'I' || d[13] != 'H' || d[14] != 'D' || d[15] != 'R') {
            throw new ScanOutputException("PNG does not start with IHDR");
        }
        long len = u32(d, 8);
        if (len != 13 || d.length < 33) {
            throw new ScanOutputException("PNG IHDR length " + len);
        }
        return checked(u32(d, 16), u32(d, 20));
    }

    static int[] jpegSize(byte[] d) throws ScanOutputException {
        if (d.length < 4 || (d[0] & 0xff) != 0xff || (d[1] & 0xff) != 0xd8) {
            throw new ScanOutputException("not a JPEG (no SOI)");
        }
        int p = 2;
        while (true) {
            // find the next marker: 0xFF followed by fill bytes 0xFF
            if (p >= d.length || (d[p] & 0xff) != 0xff) {
                throw new ScanOutputException("JPEG marker expected at " + p);
            }
            while (p < d.length && (d[p] & 0xff) == 0xff) {
                p++;
            }
            if (p >= d.length) {
                throw new ScanOutputException("JPEG truncated in marker");
            }
            int marker = d[p++] & 0xff;
            if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
                continue; // standalone markers
            }
            if (marker == 0xd9 || marker == 0xda || marker == 0x00) {
                throw new ScanOutputException("JPEG has no frame header before marker " + Integer.toHexString(marker));
            }
            if (p + 2 > d.length) {
                throw new ScanOutputException("JPEG truncated in segment length");
            }
            int len = ((d[p] & 0xff) << 8) | (d[p + 1] & 0xff);
            if (len < 2 || p + len > d.length) {
                throw new ScanOutputException("JPEG segment length " + len + " invalid");
            }
            boolean sof = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
            if (sof) {
                if (len < 8) {
                    throw new ScanOutputException("JPEG frame header too short");
                }
                int height = ((d[p + 3] & 0xff) << 8) | (d[p + 4] & 0xff);
                int width = ((d[p + 5] & 0xff) << 8) | (d[p + 6] & 0xff);
                return checked(width, height);
            }
            p += len;
        }
    }

    private static int[] checked(long width, long height) throws ScanOutputException {
        if (width < 1 || height < 1 || width > 100_000 || height > 100_000) {
            throw new ScanOutputException("implausible image size " + width + "x" + height);
        }
        return new int[] {(int) width, (int) height};
    }

    private static long u32(byte[] d, int off) {
        return ((long) (d[off] & 0xff) << 24) | ((d[off + 1] & 0xff) << 16) | ((d[off + 2] & 0xff) << 8)
                | (d[off + 3] & 0xff);
    }
}
