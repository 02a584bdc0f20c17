package org.opendmv.central.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "OpenDMV central",
        description = "The central's receiver for the kiosks' back-office HTTP gateway and its fleet API, on PostgreSQL")
@interface CentralConfig {
    @AttributeDefinition(name = "Data source", description = "LDAP filter of the pax-jdbc data source (etc/org.ops4j.datasource-central.cfg)")
    String dataSource_target() default "(dataSourceName=central)";

    @AttributeDefinition(name = "Largest delivery (bytes)", min = "1024",
            description = "A delivery (application JSON, form PDF, photos, scans) larger than this is refused with 413")
    long max_request_bytes() default 32L * 1024 * 1024;

    @AttributeDefinition(name = "Offline after (s)", min = "5",
            description = "A kiosk whose last heartbeat is older than this is shown offline")
    int offline_after_seconds() default 90;
}
