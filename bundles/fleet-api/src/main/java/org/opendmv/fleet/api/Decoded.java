package org.opendmv.fleet.api;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The outcome of decoding a message: a value, or an error saying what was wrong. The error text names fields
 * and positions only, never content of the payload, so it may be logged.
 */
public final class Decoded<T> {
    private final T value;
    private final String error;

    private Decoded(T value, String error) {
        this.value = value;
        this.error = error;
    }

    public static <T> Decoded<T> ok(T value) {
        return new Decoded<>(Objects.requireNonNull(value, "value"), null);
    }

    public static <T> Decoded<T> error(String error) {
        return new Decoded<>(null, Objects.requireNonNull(error, "error"));
    }

    public boolean isOk() {
        return value != null;
    }

    /** The message; empty on error. */
    public Optional<T> value() {
        return Optional.ofNullable(value);
    }

    /** Why decoding failed; empty on success. Safe to log: no payload content. */
    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    /** The value, or an {@link IllegalStateException} with the error. */
    public T get() {
        if (value == null) {
            throw new IllegalStateException(error);
        }
        return value;
    }

    <R> Decoded<R> map(Function<T, R> f) {
        return value == null ? error(error) : ok(f.apply(value));
    }

    @Override
    public String toString() {
        return value != null ? "Decoded[" + value + "]" : "Decoded[error: " + error + "]";
    }
}
