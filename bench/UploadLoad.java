import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Upload load: C concurrent phones POST one photo each to one-time links (from kiosk:upload-check)
 * until the links run out. Prints uploads/s, latency median/p95 and the HTTP statuses.
 * Usage: java UploadLoad.java LINKS.txt PHOTO.jpg CLIENTS
 */
public class UploadLoad {
    public static void main(String[] a) throws Exception {
        ConcurrentLinkedQueue<String> links = new ConcurrentLinkedQueue<>();
        Files.readAllLines(Path.of(a[0])).stream().filter(l -> l.startsWith("http")).forEach(links::add);
        byte[] photo = Files.readAllBytes(Path.of(a[1]));
        int clients = Integer.parseInt(a[2]);
        int total = links.size();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long t0 = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            pool.submit(() -> {
                String url;
                while ((url = links.poll()) != null) {
                    long s = System.nanoTime();
                    int status;
                    try {
                        status = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120))
                                .header("Content-Type", "image/jpeg").POST(HttpRequest.BodyPublishers.ofByteArray(photo)).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (Exception e) {
                        status = -1;
                    }
                    latencies.add((System.nanoTime() - s) / 1_000_000);
                    statuses.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        double secs = (System.nanoTime() - t0) / 1e9;
        List<Long> l = new ArrayList<>(latencies);
        Collections.sort(l);
        System.out.printf("uploads: %d in %.1f s with %d concurrent clients = %.2f uploads/s; latency median %d ms, p95 %d ms; HTTP statuses %s%n",
                total, secs, clients, total / secs, l.get(l.size() / 2), l.get(Math.min(l.size() - 1, l.size() * 95 / 100)), statuses);
    }
}
