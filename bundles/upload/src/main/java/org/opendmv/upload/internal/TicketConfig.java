package org.opendmv.upload.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "OpenDMV photo upload", description = "One-time tickets for the phone upload page")
@interface TicketConfig {
    @AttributeDefinition(name = "Ticket lifetime (s)", min = "30", max = "3600")
    int ttl_seconds() default 300;

    @AttributeDefinition(name = "Public base URL", description = "How phones reach the kiosk (hall Wi-Fi address or a relay), without a trailing slash")
    String public_base_url() default "http://127.0.0.1:18080";
}
