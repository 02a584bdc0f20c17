package org.opendmv.devices.facevision.internal;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A random order of 2–3 distinct challenges, each with its own time limit, run one after the other. The
 * order comes from {@link SecureRandom} so it cannot be predicted and pre-recorded; a fixed seed is only for
 * tests and {@code kiosk:face-check}.
 */
final class ChallengeSequence {
    /** What a running sequence tells its listener (the driver turns these into device events). */
    interface Listener {
        /** Challenge {@code k} of {@code n} (1-based) is asked, or its whole seconds left changed. */
        void asked(Action action, int k, int n, int secondsLeft);

        /** Challenge {@code k} of {@code n} was performed. */
        void passed(Action action, int k, int n);
    }

    private final List<Challenge> challenges;
    private final Listener listener;
    private int current;
    private int lastSecondsLeft = -1;

    ChallengeSequence(List<Action> actions, Duration perChallenge, ChallengeLimits limits, Listener listener) {
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("no challenge");
        }
        if (actions.stream().distinct().count() != actions.size()) {
            throw new IllegalArgumentException("challenges must be distinct");
        }
        List<Challenge> list = new ArrayList<>();
        for (Action a : actions) {
            list.add(new Challenge(a, perChallenge.toNanos(), limits));
        }
        this.challenges = Collections.unmodifiableList(list);
        this.listener = listener;
    }

    /** {@code count} (2–3) distinct actions in a random order. */
    static List<Action> draw(Random random, int count) {
        if (count < 2 || count > 3) {
            throw new IllegalArgumentException("challenge count must be 2 or 3 / 动作数量应为 2 或 3");
        }
        List<Action> all = new ArrayList<>(Arrays.asList(Action.values()));
        Collections.shuffle(all, random);
        return List.copyOf(all.subList(0, count));
    }

    /** A source of randomness: {@link SecureRandom} unless a seed is given (tests, face-check). */
    static Random random(Long seed) {
        return seed == null ? new SecureRandom() : new Random(seed);
    }

    List<Challenge> challenges() {
        return challenges;
    }

    /** Whether every challenge passed. */
    boolean passed() {
        return challenges.stream().allMatch(c -> c.state() == Challenge.State.PASSED);
    }

    /** Whether the sequence is over: all passed, or one timed out. */
    boolean done() {
        return current >= challenges.size()
                || challenges.get(current).state() == Challenge.State.TIMED_OUT;
    }

    /** The challenge being asked, if any. */
    Challenge current() {
        return done() ? null : challenges.get(current);
    }

    /** One frame ({@code shape} null when there is no usable face in it). */
    void update(long nanos, Shape68 shape) {
        update(nanos, shape, Double.NaN);
    }

    /** One frame with the eyes' texture ({@link Gates#eyeTexture}, NaN if unknown). */
    void update(long nanos, Shape68 shape, double eyeTexture) {
        if (done()) {
            return;
        }
        Challenge c = challenges.get(current);
        c.start(nanos);
        int k = current + 1;
        int n = challenges.size();
        Challenge.State s = c.update(nanos, shape, eyeTexture);
        if (s == Challenge.State.PASSED) {
            listener.passed(c.action(), k, n);
            current++;
            if (current < n) { // the next one is asked at once, its clock starts with the next frame
                Challenge next = challenges.get(current);
                lastSecondsLeft = secondsLeft(next, next.remainingNanos(nanos));
                listener.asked(next.action(), current + 1, n, lastSecondsLeft);
            }
            return;
        }
        if (s == Challenge.State.PENDING) {
            int left = secondsLeft(c, c.remainingNanos(nanos));
            if (left != lastSecondsLeft) {
                lastSecondsLeft = left;
                listener.asked(c.action(), k, n, left);
            }
        }
    }

    private static int secondsLeft(Challenge c, long remainingNanos) {
        return (int) Math.ceil(remainingNanos / 1e9);
    }
}
