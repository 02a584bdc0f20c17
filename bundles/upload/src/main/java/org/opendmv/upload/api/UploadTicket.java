package org.opendmv.upload.api;

import java.time.Instant;
import java.util.Objects;

/** A one-time permission to upload one photo for one visit. The token is the secret: never log it. */
public final class UploadTicket {
    private final String token;
    private final String visitId;
    private final String url;
    private final Instant expiresAt;

    public UploadTicket(String token, String visitId, String url, Instant expiresAt) {
        this.token = Objects.requireNonNull(token);
        this.visitId = Objects.requireNonNull(visitId);
        this.url = Objects.requireNonNull(url);
        this.expiresAt = Objects.requireNonNull(expiresAt);
    }

    public String token() {
        return token;
    }

    public String visitId() {
        return visitId;
    }

    /** What the QR code on the kiosk encodes: the phone page for this ticket. */
    public String url() {
        return url;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    @Override
    public String toString() {
        // the token stays out of logs
        return "UploadTicket[visit=" + visitId + ", expires=" + expiresAt + "]";
    }
}
