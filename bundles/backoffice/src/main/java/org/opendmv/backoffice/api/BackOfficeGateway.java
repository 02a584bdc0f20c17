package org.opendmv.backoffice.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A way to the back office. Register an implementation as an OSGi service with the property
 * {@code backoffice.gateway=<name>}; the relay uses the one its configuration names.
 *
 * <p>Contract: {@link #deliver} returns only once the back office has taken responsibility for the
 * submission (e.g. the files are durably in the drop folder, or the server answered 2xx). The same
 * submission may be delivered more than once (a crash between delivery and the kiosk's record of it,
 * a staff retry): the {@link Submission#idempotencyKey()} goes with every delivery, and a repeated key
 * must be acknowledged as the same delivery with the same reference, not recorded twice.
 */
@ConsumerType
public interface BackOfficeGateway {
    /** Service property naming the gateway, e.g. {@code file-drop}, {@code http}. */
    String PROPERTY = "backoffice.gateway";

    /**
     * Delivers one submission.
     *
     * @return the back office's acknowledgement reference (kept with the outbox row, shown to staff)
     * @throws GatewayException {@link GatewayException#temporary()} for a condition worth retrying
     *                          (back office down, timeout, 5xx); otherwise staff must look
     */
    String deliver(Submission submission) throws GatewayException;
}
