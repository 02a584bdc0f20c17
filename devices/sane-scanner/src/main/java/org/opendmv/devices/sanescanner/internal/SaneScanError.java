package org.opendmv.devices.sanescanner.internal;

/**
 * Error codes of this driver beyond {@link org.opendmv.devices.api.DocumentScanner.ScanError} (carried as
 * {@link org.opendmv.devices.api.DeviceException#errorCode()}).
 */
enum SaneScanError {
    /** The scanner's cover / feeder lid is open: staff closes it. */
    COVER_OPEN,
    /** Another program uses the scanner. */
    DEVICE_BUSY,
    /** The configured scanner is not connected or not found by SANE. */
    NO_DEVICE,
    /** SANE may not open the device (permissions, udev rules). */
    ACCESS_DENIED,
    /** Input/output error talking to the scanner. */
    IO_ERROR,
    /** scanimage is not installed or cannot be started. */
    SCANIMAGE_MISSING,
    /** scanimage rejected an option (configuration does not match the scanner). */
    BAD_OPTION
}
