package org.opendmv.business.api;

/**
 * Well-known business categories. A category is an open string so that bundles may add
 * service groups beyond the vehicle office's two.
 */
public final class Categories {
    /** 驾驶证业务. */
    public static final String DRIVER_LICENCE = "driver-licence";
    /** 机动车业务. */
    public static final String MOTOR_VEHICLE = "motor-vehicle";

    private Categories() {
    }
}
