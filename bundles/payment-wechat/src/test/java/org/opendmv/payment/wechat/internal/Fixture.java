package org.opendmv.payment.wechat.internal;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.rules.TemporaryFolder;
import org.opendmv.payment.spi.OrderRequest;
import org.opendmv.payment.spi.ProviderException;
import org.opendmv.payment.wechat.testserver.TestKeys;
import org.opendmv.payment.wechat.testserver.WechatPayTestServer;

/** A test server with the shared keys, the key files in a temporary folder and a provider talking to it. */
abstract class Fixture {
    /** RSA key generation is the slow part: one world for the whole test JVM. */
    static final TestKeys KEYS = TestKeys.generate();

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    WechatPayTestServer server;
    NotifyReceiver receiver;
    Path dir;
    Map<String, Object> props;
    WechatPayProvider provider;

    @Before
    public void startServer() throws Exception {
        server = WechatPayTestServer.start(KEYS, 0);
        dir = tmp.newFolder("keys").toPath();
        props = Configs.forServer(server, dir, "https://kiosk.example.cn/wechatpay/notify");
        provider = new WechatPayProvider(Configs.of(props));
    }

    @After
    public void stopServer() {
        if (receiver != null) {
            receiver.close();
        }
        server.close();
    }

    /** Points the provider's notify URL at a local receiver (real HTTP callbacks). */
    NotifyReceiver receiver() throws Exception {
        if (receiver == null) {
            receiver = new NotifyReceiver(provider);
            props.put("notify.url", receiver.url());
            provider.modified(Configs.of(props));
        }
        return receiver;
    }

    WechatPayProvider provider(Map<String, Object> changes) {
        Map<String, Object> p = new java.util.LinkedHashMap<>(props);
        p.putAll(changes);
        return new WechatPayProvider(Configs.of(p));
    }

    static OrderRequest order(String no, long fen) {
        return new OrderRequest(no, fen, "车管所业务工本费-补领驾驶证", Instant.now().plus(10, ChronoUnit.MINUTES), null);
    }

    String place(String no, long fen) throws ProviderException {
        return provider.createNative(order(no, fen));
    }
}
