package org.opendmv.central.internal;

import java.io.PrintStream;

/** How a new token is shown to the operator: once, with where it goes on the kiosk. */
final class TokenPrinter {
    private TokenPrinter() {
    }

    static void print(PrintStream out, String kioskId, String token) {
        out.println("Kiosk " + kioskId + " token (shown once, the central keeps only its hash / 令牌只显示一次):");
        out.println();
        out.println("  " + token);
        out.println();
        out.println("On kiosk " + kioskId + ": write it to a file readable only by the kiosk's user (chmod 600), e.g. etc/central.token,");
        out.println("and name that file as token.file in etc/org.opendmv.backoffice.http.cfg (endpoint.url = https://<central>/central/api/applications).");
    }
}
