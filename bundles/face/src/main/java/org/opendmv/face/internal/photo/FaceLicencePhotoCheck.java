package org.opendmv.face.internal.photo;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.opendmv.face.api.Box;
import org.opendmv.face.api.Face;
import org.opendmv.face.api.FaceAnalyzer;
import org.opendmv.face.api.Frame;
import org.opendmv.face.api.Landmarks;
import org.opendmv.face.api.LicencePhotoCheck;
import org.opendmv.face.api.PhotoVerdict;
import org.opendmv.face.api.Point;
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
            List<Face> faces = detect(f);
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
            List<Face> faces = detect(f);
            if (faces.isEmpty() || others(faces) > 0) {
                return Optional.empty();
            }
            return Optional.of(HeadGeometry.of(f, analyzer.landmarks(f, faces.get(0))));
        } finally {
            f.wipe();
        }
    }

    /**
     * The faces of the photo, largest first. BlazeFace front sees the photo letterboxed into 128×128 and misses
     * faces under about 1/6 of the photo's longer side: a citizen far from the camera. Then the photo is searched
     * again in overlapping square tiles of 1/2 and then 1/3 of its shorter side (stride half a tile), so such a
     * photo is refused as {@link PhotoVerdict#HEAD_TOO_SMALL} ("come closer"), not as having no face.
     */
    List<Face> detect(Frame f) {
        List<Face> faces = analyzer.detect(f);
        if (!faces.isEmpty()) {
            return faces;
        }
        for (int div : new int[] {2, 3}) {
            int side = Math.min(f.width(), f.height()) / div;
            if (side < 64) {
                break;
            }
            List<Face> found = new ArrayList<>();
            int step = side / 2;
            for (int y = 0; y + side <= f.height(); y += step) {
                for (int x = 0; x + side <= f.width(); x += step) {
                    Frame tile = crop(f, x, y, side);
                    try {
                        for (Face t : analyzer.detect(tile)) {
                            Face g = shift(t, x, y);
                            if (found.stream().noneMatch(o -> o.box().iou(g.box()) > 0.3)) {
                                found.add(g);
                            }
                        }
                    } finally {
                        tile.wipe();
                    }
                }
            }
            if (!found.isEmpty()) {
                found.sort(Comparator.comparingDouble((Face x) -> x.box().width() * x.box().height()).reversed());
                return found;
            }
        }
        return faces;
    }

    private static Frame crop(Frame f, int x0, int y0, int side) {
        byte[] out = new byte[side * side * 3];
        for (int y = 0; y < side; y++) {
            System.arraycopy(f.rgb(), ((y0 + y) * f.width() + x0) * 3, out, y * side * 3, side * 3);
        }
        return new Frame(side, side, out, f.timestampNanos());
    }

    private static Face shift(Face t, int dx, int dy) {
        Box b = t.box();
        List<Point> kps = new ArrayList<>();
        for (Point p : t.keypoints()) {
            kps.add(new Point(p.x() + dx, p.y() + dy));
        }
        return new Face(new Box(b.x() + dx, b.y() + dy, b.width(), b.height()), t.score(), kps);
    }

    /** Faces besides the largest that are big enough to count as another person in the photo. */
    static long others(List<Face> faces) {
        Face main = faces.get(0);
        return faces.stream().skip(1).filter(o -> o.box().width() >= OTHER_FACE_SHARE * main.box().width()).count();
    }
}
