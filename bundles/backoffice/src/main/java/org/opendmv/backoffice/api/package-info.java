/**
 * Hand-over of submitted applications to the back office.
 *
 * <ul>
 * <li>{@link org.opendmv.backoffice.api.BackOfficeGateway}: the SPI a transport implements (the kiosk ships
 * {@code file-drop} and {@code http}); registered as a service with the property
 * {@value org.opendmv.backoffice.api.BackOfficeGateway#PROPERTY}.</li>
 * <li>{@link org.opendmv.backoffice.api.Submission}: one application as delivered: serial, idempotency key,
 * business, the application as JSON, and its files (official form PDF, photo, signature, scans).</li>
 * <li>{@link org.opendmv.backoffice.api.GatewayException}: a failed delivery, temporary (retried with
 * back-off) or not (the outbox row becomes FAILED for staff).</li>
 * </ul>
 * The relay calls a gateway from its own thread, one submission at a time, and may deliver the same
 * submission again after a crash: a gateway passes the idempotency key on, and the receiver treats a
 * repeated key as the same delivery.
 */
@Export
@Version("1.0.0")
package org.opendmv.backoffice.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
