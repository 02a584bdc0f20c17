package org.opendmv.devices.api.spi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The configuration key a record component of a typed driver configuration is read from, when it is not
 * the component's name, e.g. {@code record AcmeConfig(@ConfigKey("port.name") String port) {}}. See
 * {@link DeviceInstanceConfig#as(Class)}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.RECORD_COMPONENT, ElementType.PARAMETER })
public @interface ConfigKey {
    /** The key, e.g. {@code "port.name"}. */
    String value();
}
