package org.opendmv.backoffice.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "OpenDMV back office: HTTP",
        description = "Delivers each application as a multipart/form-data POST (application JSON + files) with the header"
                + " Idempotency-Key: <serial>; the back office answers 2xx {\"ack\": \"...\"}, or 409 with the same ack for a repeat")
@interface HttpConfig {
    @AttributeDefinition(name = "Endpoint URL", description = "e.g. https://backoffice.example/api/kiosk/applications")
    String endpoint_url();

    @AttributeDefinition(name = "Connect timeout (ms)", min = "100")
    int connect_timeout_ms() default 5000;

    @AttributeDefinition(name = "Request timeout (ms)", description = "Whole request, upload and answer; a timeout is retried", min = "100")
    int request_timeout_ms() default 60000;

    @AttributeDefinition(name = "Bearer token file", required = false,
            description = "File holding the bearer token (mode 600, owned by the kiosk's user); empty: no Authorization header")
    String token_file() default "";

    @AttributeDefinition(name = "Allow plain http://", description = "Personal data and photos travel in the body: an http:// endpoint"
            + " is refused unless this is true (a test back office, or a TLS relay on this machine)")
    boolean allow_insecure() default false;
}
