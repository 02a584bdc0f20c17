package org.opendmv.payment.wechat.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.opendmv.payment.spi.NotificationRejected;
import org.opendmv.payment.spi.PaymentProvider;
import org.opendmv.payment.spi.ProviderStatus;

import com.sun.net.httpserver.HttpServer;

/** The kiosk's notify endpoint in miniature: lower-cases header names, parses, answers 200 or 400. */
final class NotifyReceiver implements AutoCloseable {
    /** One received notification: the status, or the rejection message. */
    record Result(ProviderStatus status, String rejected) {
    }

    private final HttpServer server;
    private final BlockingQueue<Result> results = new LinkedBlockingQueue<>();

    NotifyReceiver(PaymentProvider provider) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/wechatpay/notify", ex -> {
            try {
                byte[] body;
                try (InputStream in = ex.getRequestBody()) {
                    body = in.readAllBytes();
                }
                Map<String, String> headers = new LinkedHashMap<>();
                ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
                int status;
                byte[] answer;
                try {
                    results.add(new Result(provider.parseNotification(headers, body), null));
                    status = 200;
                    answer = new byte[0];
                } catch (NotificationRejected e) {
                    results.add(new Result(null, e.getMessage()));
                    status = 400;
                    answer = "{\"code\":\"FAIL\",\"message\":\"失败\"}".getBytes(StandardCharsets.UTF_8);
                }
                ex.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
                if (answer.length > 0) {
                    try (OutputStream out = ex.getResponseBody()) {
                        out.write(answer);
                    }
                }
            } finally {
                ex.close();
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/wechatpay/notify";
    }

    Result next() throws InterruptedException {
        Result r = results.poll(5, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("no notification received");
        }
        return r;
    }

    int pending() {
        return results.size();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
