package org.opendmv.payment.wechat.internal;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.opendmv.payment.wechat.testserver.TestKeys;
import org.opendmv.payment.wechat.testserver.WechatPayTestServer;

/** Builds {@link WechatPayConfig} instances from property maps, as DS does (names: {@code _} → {@code .}). */
final class Configs {
    private Configs() {
    }

    static WechatPayConfig of(Map<String, ?> props) {
        return (WechatPayConfig) Proxy.newProxyInstance(WechatPayConfig.class.getClassLoader(),
                new Class<?>[] {WechatPayConfig.class}, (proxy, m, args) -> {
                    switch (m.getName()) {
                        case "annotationType":
                            return WechatPayConfig.class;
                        case "toString":
                            return "WechatPayConfig" + props.keySet();
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        default:
                            break;
                    }
                    String key = m.getName().replace("__", "\0").replace('_', '.').replace('\0', '_');
                    Object v = props.containsKey(key) ? props.get(key) : m.getDefaultValue();
                    if (v instanceof String s && m.getReturnType() == int.class) {
                        return Integer.parseInt(s);
                    }
                    return v;
                });
    }

    /** Writes the keys into dir and returns a configuration for a provider talking to the server. */
    static Map<String, Object> forServer(WechatPayTestServer server, Path dir, String notifyUrl) throws Exception {
        TestKeys keys = server.keys();
        keys.write(dir);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("mchid", server.mchid());
        p.put("appid", server.appid());
        p.put("merchant.serial.no", keys.merchantSerial);
        p.put("merchant.private.key.file", dir.resolve(TestKeys.MERCHANT_PRIVATE_KEY).toString());
        p.put("apiv3.key.file", dir.resolve(TestKeys.APIV3_KEY).toString());
        p.put("platform.mode", "public-key");
        p.put("platform.public.key.file", dir.resolve(TestKeys.PLATFORM_PUBLIC_KEY).toString());
        p.put("platform.public.key.id", keys.publicKeyId);
        p.put("platform.certificate.file", dir.resolve(TestKeys.PLATFORM_CERTIFICATE).toString());
        p.put("platform.certificate.serial", "");
        p.put("base.url", server.baseUrl());
        p.put("notify.url", notifyUrl);
        p.put("connect.timeout.ms", 1000);
        p.put("request.timeout.ms", 3000);
        return p;
    }
}
