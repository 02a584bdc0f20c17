package org.opendmv.upload.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Checks and output limits of the licence-photo normaliser (PID {@code org.opendmv.upload.photo}).
 * Property keys are the method names with {@code _} read as {@code .}, e.g. {@code max.pixels}.
 */
@ObjectClassDefinition(name = "OpenDMV licence photo normaliser",
        description = "Checks a phone photo and turns it into the 260x378 px, 300 dpi, 14-30 KB JPEG "
                + "of the driving-licence photo specification")
@interface PhotoConfig {
    @AttributeDefinition(name = "Maximum pixels",
            description = "Largest width x height accepted; checked from the header before any pixel is decoded "
                    + "(decompression-bomb guard)", min = "1")
    long max_pixels() default 40_000_000L;

    @AttributeDefinition(name = "Photos processed at once",
            description = "Uploads decoded at the same time; more wait (up to 30 s), which bounds memory when many "
                    + "phones send at once", min = "1", max = "16")
    int max_concurrent() default 2;

    @AttributeDefinition(name = "Maximum height / width",
            description = "Tallest shape accepted (after EXIF orientation), checked from the header before decoding; "
                    + "phone photos are 1.33 (4:3) to 2.33 (21:9); a taller strip is refused as no portrait", min = "1")
    double max_aspect() default 2.5;

    @AttributeDefinition(name = "Minimum width (px)",
            description = "Smallest width of the upload after EXIF orientation", min = "260")
    int min_width() default 600;

    @AttributeDefinition(name = "Minimum height (px)",
            description = "Smallest height of the upload after EXIF orientation", min = "378")
    int min_height() default 800;

    @AttributeDefinition(name = "White border: minimum brightness",
            description = "Minimum average of R, G and B (0-255) for a border sample to count as white", min = "0", max = "255")
    int border_white_min() default 225;

    @AttributeDefinition(name = "White border: share",
            description = "Share (0-1) of the samples along the left, right and top borders that must be white",
            min = "0", max = "1")
    double border_white_share() default 0.90;

    @AttributeDefinition(name = "White border: maximum colour spread",
            description = "Largest difference between the brightest and darkest channel of a white sample; "
                    + "rejects pale blue or pink backgrounds. 255 disables", min = "0", max = "255")
    int border_max_spread() default 40;

    @AttributeDefinition(name = "JPEG minimum size (bytes)", min = "0")
    int jpeg_min_bytes() default 14_336;

    @AttributeDefinition(name = "JPEG maximum size (bytes)", min = "1")
    int jpeg_max_bytes() default 30_720;
}
