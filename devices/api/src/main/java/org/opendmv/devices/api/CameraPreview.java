package org.opendmv.devices.api;

import java.util.function.Consumer;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Optional capability of a face camera (since 2.1): the live picture for the IDENTIFY screen, with the face
 * box. A {@link LivenessDetector} driver that has a picture registers this as an OSGi service with the
 * property {@value #DEVICE_CLASS_PROPERTY}{@code =LIVENESS_DETECTOR} (and {@value #DEVICE_ID_PROPERTY} = its
 * device instance id, if it knows it); the kiosk UI subscribes while it shows the check and draws the
 * frames. A driver without this service still works: the UI then shows a face guide instead.
 *
 * <p>Frames only ever exist in memory. A driver sends at most 15 frames a second, only while it is
 * capturing (that is, during {@link LivenessDetector#checkLiveness}, which the kiosk starts only after the
 * citizen has agreed to the capture), and wipes its own buffers when the check ends.
 */
@ConsumerType
public interface CameraPreview {
    /** Service property naming the {@link DeviceClass} of the camera; value {@code LIVENESS_DETECTOR}. */
    String DEVICE_CLASS_PROPERTY = "device.class";
    /** Optional service property: the device instance id of the camera. */
    String DEVICE_ID_PROPERTY = "device.id";

    /**
     * Delivers the frames to {@code listener}, on a driver thread, until the returned handle is closed.
     * The listener must return quickly and copy what it keeps; the frame may be wiped or reused after the
     * call. Closing the handle is idempotent and does not throw.
     */
    AutoCloseable subscribe(Consumer<PreviewFrame> listener);
}
