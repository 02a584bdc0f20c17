package org.opendmv.central.mqtt.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The central's connection to the fleet broker, {@code etc/org.opendmv.central.mqtt.cfg}. */
@ObjectClassDefinition(name = "OpenDMV central MQTT ingest / 中心 MQTT 接收",
        description = "Subscribes to every kiosk's heartbeat, device status, events and summaries. "
                + "订阅所有终端的心跳、设备状态、事件和日汇总。")
@interface IngestConfig {

    @AttributeDefinition(name = "Broker URL / 代理地址", description = "tcp://host:1883 or ssl://host:8883")
    String broker_url();

    @AttributeDefinition(name = "Client id / 客户端编号",
            description = "fixed, so the broker keeps the central's session (and its messages) while it is down")
    String client_id() default "opendmv-central";

    @AttributeDefinition(name = "Username / 用户名")
    String username() default "central";

    @AttributeDefinition(name = "Password file / 密码文件", description = "first line is the password; relative to ${karaf.etc}")
    String password_file() default "central-mqtt.password";

    @AttributeDefinition(name = "TLS truststore / TLS 信任库",
            description = "PKCS12 or JKS with the broker's CA, for ssl:// URLs; relative to ${karaf.etc}; empty = JVM CAs")
    String truststore() default "";

    @AttributeDefinition(name = "Truststore password / 信任库密码")
    String truststore_password() default "";
}
