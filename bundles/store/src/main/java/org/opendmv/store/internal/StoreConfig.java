package org.opendmv.store.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "OpenDMV store", description = "Where applications are kept and how they are protected")
@interface StoreConfig {
    @AttributeDefinition(name = "Kiosk id", description = "Part of every serial number; unique per kiosk (4 letters or digits)")
    String kiosk_id() default "K001";

    @AttributeDefinition(name = "Key file", description = "AES-256 key for personal data at rest; created with mode 600 if missing. Relative paths are under karaf.etc")
    String key_file() default "keys/store.key";

    @AttributeDefinition(name = "Data source", description = "OSGi filter for the javax.sql.DataSource (pax-jdbc-config names it by dataSourceName)")
    String dataSource_target() default "(dataSourceName=kiosk)";
}
