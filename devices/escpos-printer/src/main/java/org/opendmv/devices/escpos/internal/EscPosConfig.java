package org.opendmv.devices.escpos.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Defaults for every ESC/POS printer instance; the same key on an instance wins. */
@ObjectClassDefinition(name = "OpenDMV ESC/POS printer driver", description = "Receipt printers speaking ESC/POS over TCP or a device file")
@interface EscPosConfig {
    @AttributeDefinition(name = "Port", description = "TCP port of network printers (raw printing)")
    int port() default 9100;

    @AttributeDefinition(name = "Connect timeout (ms)")
    int connect_timeout_ms() default 3000;

    @AttributeDefinition(name = "Read timeout (ms)", description = "How long to wait for a status reply")
    int read_timeout_ms() default 3000;

    @AttributeDefinition(name = "Status poll (s)", description = "How often paper and cover are checked", min = "1")
    int status_poll_s() default 10;

    @AttributeDefinition(name = "Charset", description = "Text encoding of the printer's Chinese mode")
    String charset() default "GB18030";
}
