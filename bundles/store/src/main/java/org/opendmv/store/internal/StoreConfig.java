package org.opendmv.store.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "OpenDMV store", description = "Where applications are kept and how they are protected")
@interface StoreConfig {
    /** Moved to kiosk.id in org.opendmv.kiosk; a value here is only reported as unused. */
    @AttributeDefinition(name = "Kiosk id (moved)", required = false,
            description = "No longer used: set kiosk.id in etc/org.opendmv.kiosk.cfg")
    String kiosk_id() default "";

    @AttributeDefinition(name = "Key file", description = "AES-256 key for personal data at rest; created (mode 600) only for an empty database; a missing key for a database holding encrypted data stops the store. Relative paths are under karaf.etc")
    String key_file() default "keys/store.key";

    @AttributeDefinition(name = "Data source", description = "OSGi filter for the javax.sql.DataSource (pax-jdbc-config names it by dataSourceName)")
    String dataSource_target() default "(dataSourceName=kiosk)";

    @AttributeDefinition(name = "Database template", description = "A first start on an embedded Derby database that does not"
            + " exist yet unpacks the empty database made with the current schema when the store was built (seconds faster"
            + " than creating one and running Liquibase); false: Derby creates it and Liquibase migrates it. An existing"
            + " database is never replaced")
    boolean database_template() default true;
}
