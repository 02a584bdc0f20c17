package org.opendmv.backoffice.internal;

import java.net.URI;
import java.time.Duration;
import org.opendmv.backoffice.api.BackOfficeGateway;

/** The kiosk's real HTTP gateway (bundles/backoffice), as the relay uses it, for the central's tests. */
public final class KioskGateway {
    private KioskGateway() {
    }

    /** {@code token}: the kiosk's bearer token, or null for none. */
    public static BackOfficeGateway http(URI endpoint, String token) {
        return new HttpGateway(endpoint, Duration.ofSeconds(5), Duration.ofSeconds(30), token);
    }

    /** The exact request body the gateway sends (for tests that send it with other headers). */
    public static byte[] multipart(org.opendmv.backoffice.api.Submission s, String boundary) {
        return HttpGateway.multipart(s, boundary);
    }
}
