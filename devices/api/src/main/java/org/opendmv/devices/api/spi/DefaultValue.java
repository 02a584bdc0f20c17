package org.opendmv.devices.api.spi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The value a record component of a typed driver configuration takes when its key is missing or blank,
 * written as it would be in the configuration, e.g. {@code @DefaultValue("9600") int baud} or
 * {@code @DefaultValue("5s") Duration poll}. See {@link DeviceInstanceConfig#as(Class)}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.RECORD_COMPONENT, ElementType.PARAMETER })
public @interface DefaultValue {
    /** The default, in configuration syntax. */
    String value();
}
