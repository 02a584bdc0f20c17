package org.opendmv.face.internal.photo;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Optional;

import org.opendmv.face.api.Face;
import org.opendmv.face.api.FaceAnalyzer;
import org.opendmv.face.api.Frame;
import org.opendmv.face.api.Landmarks;
import org.opendmv.face.api.LicencePhotoCheck;
import org.opendmv.face.api.PhotoVerdict;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * FLOWS.md §5 with the {@link FaceAnalyzer}: exactly one face (other faces at least {@link #OTHER_FACE_SHARE} of the
 * main face's width count), its head geometry ({@link HeadGeometry}) and the crop rules ({@link PhotoRules}).
 */
@Component(service = LicencePhotoCheck.class)
public final class FaceLicencePhotoCheck implements LicencePhotoCheck {
    /** A second face counts if its box is at least this share of the largest face's width (ignores tiny far faces). */
    static final double OTHER_FACE_SHARE = 0.3;

    private final FaceAnalyzer analyzer;

    @Activate
    public FaceLicencePhotoCheck(@Reference FaceAnalyzer analyzer) {
        this.analyzer = analyzer;
    }

    @Override
    public PhotoVerdict check(BufferedImage photo) {
        if (!analyzer.ready()) {
            return new PhotoVerdict(false, PhotoVerdict.UNAVAILABLE, Optional.empty());
        }
        Frame f = Frame.of(photo, 0);
        try {
            List<Face> faces = analyzer.detect(f);
            if (faces.isEmpty()) {
                return new PhotoVerdict(false, PhotoVerdict.NO_FACE, Optional.empty());
            }
            Face main = faces.get(0);
            if (others(faces) > 0) {
                return new PhotoVerdict(false, PhotoVerdict.MULTIPLE_FACES, Optional.empty());
            }
            Landmarks lm = analyzer.landmarks(f, main);
            return PhotoRules.decide(HeadGeometry.of(f, lm), f.width(), f.height());
        } finally {
            f.wipe();
        }
    }

    /** The measures behind a verdict (for the operator's check command and tests); empty without exactly one face. */
    public Optional<HeadGeometry> measure(BufferedImage photo) {
        Frame f = Frame.of(photo, 0);
        try {
            List<Face> faces = analyzer.detect(f);
            if (faces.isEmpty() || others(faces) > 0) {
                return Optional.empty();
            }
            return Optional.of(HeadGeometry.of(f, analyzer.landmarks(f, faces.get(0))));
        } finally {
            f.wipe();
        }
    }

    /** Faces besides the largest that are big enough to count as another person in the photo. */
    static long others(List<Face> faces) {
        Face main = faces.get(0);
        return faces.stream().skip(1).filter(o -> o.box().width() >= OTHER_FACE_SHARE * main.box().width()).count();
    }
}
