package org.opendmv.fleet.agent.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Provisioning of the fleet agent, {@code etc/org.opendmv.fleet.agent.cfg}; without that file the agent is off. */
@ObjectClassDefinition(name = "OpenDMV fleet agent / 机群代理",
        description = "Connects this kiosk to the central's MQTT broker: heartbeat, device states, error events. "
                + "Off unless configured. 将本机接入中心的 MQTT 代理：心跳、设备状态、错误事件。未配置时关闭。")
@interface AgentConfig {

    @AttributeDefinition(name = "Kiosk id / 终端编号", description = "1-64 of [A-Za-z0-9_.-], unique in the fleet")
    String kiosk_id();

    @AttributeDefinition(name = "Office / 车管所", description = "office id, 1-64 of [A-Za-z0-9_.-]")
    String office();

    @AttributeDefinition(name = "Group / 分组", description = "rollout group whose desired state this kiosk follows")
    String group() default "default";

    @AttributeDefinition(name = "Broker URL / 代理地址", description = "tcp://host:1883 or ssl://host:8883")
    String broker_url();

    @AttributeDefinition(name = "Username / 用户名", description = "broker username; empty = the kiosk id")
    String username() default "";

    @AttributeDefinition(name = "Password file / 密码文件",
            description = "file holding the broker password (first line), readable by the kiosk only; relative to "
                    + "${karaf.etc}")
    String password_file() default "fleet-agent.password";

    @AttributeDefinition(name = "Heartbeat (s) / 心跳间隔（秒）", min = "5")
    int heartbeat_seconds() default 30;

    @AttributeDefinition(name = "TLS truststore / TLS 信任库",
            description = "PKCS12 or JKS file with the broker's CA certificate, for ssl:// URLs; relative to ${karaf.etc}; "
                    + "empty = the JVM's default CAs")
    String truststore() default "";

    @AttributeDefinition(name = "Truststore password / 信任库密码", description = "not secret: it protects public certificates only")
    String truststore_password() default "";

    @AttributeDefinition(name = "Queue size / 缓存条数",
            description = "messages kept on disk while the broker is unreachable; beyond it the oldest heartbeats go")
    int queue_max() default 20000;

    @AttributeDefinition(name = "Data directory / 数据目录", description = "empty = ${karaf.data}/fleet-agent")
    String data_dir() default "";
}
