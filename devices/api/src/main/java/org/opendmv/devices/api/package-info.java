/**
 * OpenDMV device API: what the kiosk asks of its hardware, and the only package (with
 * {@link org.opendmv.devices.api.spi}) a hardware vendor needs to read.
 *
 * <h2>Device classes</h2>
 * One interface per class of device, all extending {@link org.opendmv.devices.api.Device}:
 * {@link org.opendmv.devices.api.IdCardReader}, {@link org.opendmv.devices.api.LivenessDetector},
 * {@link org.opendmv.devices.api.DocumentScanner}, {@link org.opendmv.devices.api.SignaturePad},
 * {@link org.opendmv.devices.api.ReceiptPrinter}. {@link org.opendmv.devices.api.DeviceClass} names
 * them and gives each its default <em>role</em>; business flows ask the
 * the core's {@code DeviceManager} for a role, never for a driver.
 *
 * <h2>Commands</h2>
 * Every command has the shape {@code CompletionStage<R> command(Request, CommandContext)} (after
 * XFS4IoT). The {@link org.opendmv.devices.api.CommandContext} carries the deadline, cancellation and
 * a sink for intermediate events such as {@link org.opendmv.devices.api.IntermediateEvent#INSERT_CARD_PROMPT}.
 * A command either completes normally ({@link org.opendmv.devices.api.CompletionCode#SUCCESS}) or
 * exceptionally with a {@link org.opendmv.devices.api.DeviceException} carrying a
 * {@link org.opendmv.devices.api.CompletionCode}, an optional per-command error code (each device
 * interface has a small error enum) and an {@link org.opendmv.devices.api.ActionHint}. The kiosk core
 * queues commands per device, enforces deadlines, tells {@code TIMEOUT} from {@code CANCELED} and maps
 * any other exception to a completion code, so a driver may simply throw.
 *
 * <h2>Status</h2>
 * {@link org.opendmv.devices.api.DeviceStatus} has three layers: {@link org.opendmv.devices.api.Lifecycle}
 * (+ {@link org.opendmv.devices.api.LifecycleDetail}, after openHAB), {@link org.opendmv.devices.api.OperationalState}
 * (after XFS4IoT) and a per-class substatus map ({@link org.opendmv.devices.api.PaperStatus},
 * {@link org.opendmv.devices.api.MediaStatus}, or vendor keys). Changes and unsolicited errors reach
 * the core's listeners as events.
 *
 * <h2>Liveness challenges and the camera picture (since 2.1)</h2>
 * A {@link org.opendmv.devices.api.LivenessDetector} reports its challenges with
 * {@link org.opendmv.devices.api.IntermediateEvent#LIVENESS_ACTION} ({@code "<ACTION>;<k>/<n>;<secondsLeft>"}),
 * {@link org.opendmv.devices.api.IntermediateEvent#LIVENESS_ACTION_PASSED} and
 * {@link org.opendmv.devices.api.IntermediateEvent#FACE_GUIDANCE}, written and read with
 * {@link org.opendmv.devices.api.LivenessChallenge} and {@link org.opendmv.devices.api.FaceGuidance}. Its
 * live picture is the optional {@link org.opendmv.devices.api.CameraPreview} service.
 *
 * <h2>Value types and personal data</h2>
 * Request types are final classes with static factories so that they can grow without breaking
 * callers; small result types that only drivers construct are records. Byte arrays (photos, scans,
 * signatures) are handed over, not copied: images are large, and personal data has to be wipeable
 * ({@code wipe()}) rather than left behind in copies. Treat them as read-only. No type prints personal
 * data in {@code toString()}, and exception messages and descriptions must not contain it either.
 *
 * <h2>Versioning</h2>
 * Drivers implement the device class interfaces ({@link org.opendmv.devices.api.IdCardReader} …), so they
 * are {@code @ConsumerType}: a driver imports this package with {@code [2.0,3)} and keeps working across
 * minor versions (new value types, new constants, new default methods). Adding an abstract method to a
 * class interface is a major change; the build's API baseline (bnd) refuses it without the major bump.
 */
@Export
@Version("2.1.0")
package org.opendmv.devices.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
