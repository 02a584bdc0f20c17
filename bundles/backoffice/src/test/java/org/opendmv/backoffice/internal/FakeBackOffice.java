package org.opendmv.backoffice.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A back office on {@code com.sun.net.httpserver}: records each delivery once per Idempotency-Key
 * (a repeated key is answered 409 with the first ack), and can be told to fail, answer slowly, or
 * record and then answer slowly (so the kiosk times out after the back office has the data).
 */
final class FakeBackOffice implements AutoCloseable {
    /** What the next requests get before the normal behaviour. */
    enum Fault { STATUS_500, STATUS_400, SLOW_BEFORE_RECORDING, RECORD_THEN_SLOW, NO_ACK }

    final HttpServer server;
    final Map<String, byte[]> recorded = Collections.synchronizedMap(new LinkedHashMap<>());
    final Map<String, String> acks = Collections.synchronizedMap(new LinkedHashMap<>());
    final List<String> keysSeen = Collections.synchronizedList(new ArrayList<>());
    final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
    final List<String> contentTypes = Collections.synchronizedList(new ArrayList<>());
    final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
    final AtomicInteger requests = new AtomicInteger();
    volatile long slowMillis = 3000;

    FakeBackOffice() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/applications", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/applications");
    }

    private void handle(HttpExchange x) throws IOException {
        requests.incrementAndGet();
        byte[] body = x.getRequestBody().readAllBytes();
        String key = x.getRequestHeaders().getFirst("Idempotency-Key");
        keysSeen.add(key);
        authorizations.add(x.getRequestHeaders().getFirst("Authorization"));
        contentTypes.add(x.getRequestHeaders().getFirst("Content-Type"));
        Fault f = faults.poll();
        try {
            if (f == Fault.STATUS_500) {
                answer(x, 503, "{\"error\":\"maintenance\"}");
                return;
            }
            if (f == Fault.STATUS_400) {
                answer(x, 400, "{\"error\":\"missing part application\"}");
                return;
            }
            if (f == Fault.NO_ACK) {
                answer(x, 200, "{}");
                return;
            }
            if (f == Fault.SLOW_BEFORE_RECORDING) {
                sleep();
            }
            String ack;
            boolean repeat;
            synchronized (recorded) {
                repeat = key != null && recorded.containsKey(key);
                if (!repeat && key != null) {
                    recorded.put(key, body);
                    acks.put(key, "BO-" + acks.size() + "-" + key);
                }
                ack = key == null ? null : acks.get(key);
            }
            if (f == Fault.RECORD_THEN_SLOW) {
                sleep();
            }
            if (key == null) {
                answer(x, 400, "{\"error\":\"Idempotency-Key missing\"}");
            } else if (repeat) {
                answer(x, 409, "{\"ack\":\"" + ack + "\",\"error\":\"already received\"}");
            } else {
                answer(x, 201, "{\"ack\":\"" + ack + "\"}");
            }
        } catch (IOException e) {
            // the client went away (timed out)
        } finally {
            x.close();
        }
    }

    private void sleep() {
        try {
            Thread.sleep(slowMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void answer(HttpExchange x, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, b.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(b);
        }
    }

    String recordedText(String key) {
        byte[] b = recorded.get(key);
        return b == null ? null : new String(b, StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
