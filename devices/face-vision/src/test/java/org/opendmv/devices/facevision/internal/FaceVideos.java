package org.opendmv.devices.facevision.internal;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.opendmv.face.api.Box;

/**
 * Writes the synthesised videos of the pipeline tests for bench/face.sh and for trying the driver by hand:
 * {@code live.mp4} (face-api's MIT sample person answering the two challenges of the printed seed),
 * {@code still.mp4} (the same frame, still), {@code holder.jpg} (that person's 102×126 chip photo) and
 * {@code other.jpg} (somebody else's). Prints the seed to give {@code kiosk:face-check --seed}.
 * Usage: {@code FaceVideos DIR}
 */
public final class FaceVideos {
    private FaceVideos() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("seed " + write(Path.of(args[0])));
        System.exit(0);
    }

    /** Writes the four files into {@code dir} and returns the seed whose challenges live.mp4 answers. */
    public static long write(Path dir) throws Exception {
        Files.createDirectories(dir);
        long seed = 0;
        while (ChallengeSequence.draw(ChallengeSequence.random(seed), 2).contains(Action.BLINK)) {
            seed++; // the synthesised video turns and opens the mouth; its painted blink is not used here
        }
        List<Action> order = ChallengeSequence.draw(ChallengeSequence.random(seed), 2);
        BufferedImage holderGroup = RealFaces.sample(2);
        Box holder = RealFaces.people(holderGroup).get(0);
        BufferedImage otherGroup = RealFaces.sample(1);
        Box other = RealFaces.people(otherGroup).get(1);
        BufferedImage base = RealFaces.cameraFrame(holderGroup, holder, 0.3, 0.5, 0.45);
        Files.move(RealFaces.video(RealFaces.answering(base, order), dir, "live-tmp"), dir.resolve("live.mp4"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.move(RealFaces.stillVideo(base, dir, "still-tmp", 8), dir.resolve("still.mp4"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.write(dir.resolve("holder.jpg"), RealFaces.chipPhoto(holderGroup, holder));
        Files.write(dir.resolve("other.jpg"), RealFaces.chipPhoto(otherGroup, other));
        for (String frames : List.of("live-tmp-frames", "still-tmp-frames")) {
            try (var files = Files.walk(dir.resolve(frames))) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        return seed;
    }
}
