package org.opendmv.devices.example.netidcard.emulator;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;

/**
 * An emulator of the example network ID-card reader: it speaks the line protocol of
 * {@code devices/example-netidcard/README.md} on a TCP port and holds one synthetic card (nobody real:
 * the simulator's profile {@code adult-male}, 测试甲, whose ID number the simulated records know).
 * Plain JDK, no kiosk classes, so a vendor can run it next to a kiosk:
 *
 * <pre>java -cp org.opendmv.devices.example.netidcard-&lt;version&gt;.jar \
 *     org.opendmv.devices.example.netidcard.emulator.NetIdCardEmulator 7300</pre>
 *
 * and type {@code remove}, {@code insert}, {@code fail CHIP} or {@code quit} on its standard input.
 * Tests start it in-process with {@link #start(int)} and drive it with the same methods.
 */
public final class NetIdCardEmulator implements AutoCloseable {
    /** The port the reader listens on by default. */
    public static final int DEFAULT_PORT = 7300;

    /** The card on the reader at start: the simulator's synthetic {@code adult-male} (GB 11643 checksum valid). */
    public static Map<String, String> syntheticCard() {
        Map<String, String> card = new LinkedHashMap<>();
        card.put("name", "测试甲");
        card.put("sex", "1");
        card.put("ethnicity", "汉");
        card.put("birth", "19850412");
        card.put("address", "北京市东城区测试大街1号院2号楼301室");
        card.put("id", "110101198504120019");
        card.put("authority", "北京市公安局东城分局");
        card.put("from", "20200501");
        card.put("until", "20400501");
        return card;
    }

    private final ServerSocket server;
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private Map<String, String> card = syntheticCard(); // guarded by lock; null = no card on the reader
    private String failNext;                             // guarded by lock
    private Duration stallNext = Duration.ZERO;          // guarded by lock

    private NetIdCardEmulator(ServerSocket server) {
        this.server = server;
        Thread acceptor = new Thread(this::acceptLoop, "netidcard-emulator-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on {@code port} of the loopback interface ({@code 0}: a free port), with the synthetic card on the reader. */
    public static NetIdCardEmulator start(int port) throws IOException {
        return start(InetAddress.getLoopbackAddress(), port);
    }

    /** Listens on {@code port} of {@code address}. */
    public static NetIdCardEmulator start(InetAddress address, int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(address, port));
        return new NetIdCardEmulator(s);
    }

    public String host() {
        return server.getInetAddress().getHostAddress();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Puts the synthetic card on the reader. */
    public void insertCard() {
        insertCard(syntheticCard());
    }

    /**
     * Puts a card with these fields (the keys of {@link #syntheticCard()}, and {@code photo} as Base64 to
     * replace the drawn portrait) on the reader, where it stays until {@link #removeCard()}.
     */
    public void insertCard(Map<String, String> fields) {
        synchronized (lock) {
            card = new LinkedHashMap<>(fields);
            lock.notifyAll();
        }
    }

    /** Takes the card away: a READ then waits for one until its timeout and answers {@code NOCARD}. */
    public void removeCard() {
        synchronized (lock) {
            card = null;
        }
    }

    /** The next READ answers {@code ERR <code>} (CHIP, NOTIDCARD, REMOVED) instead of the card. */
    public void failNextRead(String code) {
        synchronized (lock) {
            failNext = code;
        }
    }

    /** The next command is answered only after {@code delay}: a reader that hangs. */
    public void stallNextCommand(Duration delay) {
        synchronized (lock) {
            stallNext = delay;
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket c : clients) {
            c.close();
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket c = server.accept();
                clients.add(c);
                Thread t = new Thread(() -> serve(c), "netidcard-emulator-client");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** One command per line; one answer line per command. */
    private void serve(Socket c) {
        try (c; BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8));
                Writer out = new OutputStreamWriter(c.getOutputStream(), StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null;) {
                out.write(answer(line.trim()) + "\n");
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // client went away or emulator closed
        } finally {
            clients.remove(c);
        }
    }

    private String answer(String command) throws InterruptedException {
        Duration stall;
        synchronized (lock) {
            stall = stallNext;
            stallNext = Duration.ZERO;
        }
        Thread.sleep(stall.toMillis());
        String[] words = command.split(" ");
        switch (words[0]) {
            case "INFO":
                return "INFO\tvendor=OpenDMV Example\tmodel=NetID-1\tfirmware=1.4.2\tserial=EMU-" + port();
            case "READ":
                long timeoutMs = words.length > 1 && words[1].matches("\\d{1,9}") ? Long.parseLong(words[1]) : -1;
                if (timeoutMs < 0) {
                    return "ERR SYNTAX";
                }
                return read(timeoutMs, !(words.length > 2 && words[2].equals("TEXT")));
            default:
                return "ERR SYNTAX";
        }
    }

    private String read(long timeoutMs, boolean photo) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMs;
        Map<String, String> found;
        synchronized (lock) {
            while (card == null && System.currentTimeMillis() < end) {
                lock.wait(Math.max(1, end - System.currentTimeMillis()));
            }
            if (failNext != null) {
                String code = failNext;
                failNext = null;
                return "ERR " + code;
            }
            if (card == null) {
                return "NOCARD";
            }
            found = new LinkedHashMap<>(card);
        }
        if (!photo) {
            found.remove("photo");
        } else if (!found.containsKey("photo")) {
            found.put("photo", Base64.getEncoder().encodeToString(portrait()));
        }
        StringBuilder sb = new StringBuilder("CARD");
        found.forEach((k, v) -> sb.append('\t').append(k).append('=').append(v));
        return sb.toString();
    }

    /** A synthetic 102×126 portrait (a drawn head, no real face), PNG. */
    static byte[] portrait() {
        BufferedImage img = new BufferedImage(102, 126, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(0xE8EEF4));
        g.fillRect(0, 0, 102, 126);
        g.setColor(new Color(0x5A6B7C));
        g.fillOval(31, 20, 40, 50);
        g.fillRoundRect(16, 78, 70, 60, 30, 30);
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png.toByteArray();
    }

    /** {@code NetIdCardEmulator [port]}: serves until {@code quit} is typed or the process is stopped. */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_PORT;
        try (NetIdCardEmulator e = start(InetAddress.getByName("0.0.0.0"), port)) {
            System.out.println("NetID-1 emulator on port " + e.port() + ", synthetic card on the reader."
                    + " Commands: insert | remove | fail CHIP|NOTIDCARD|REMOVED | stall <ms> | quit");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null;) {
                if (line.trim().equals("quit")) {
                    return;
                }
                String[] w = line.trim().split("\\s+");
                switch (w[0]) {
                    case "insert" -> e.insertCard();
                    case "remove" -> e.removeCard();
                    case "fail" -> e.failNextRead(w.length > 1 ? w[1] : "CHIP");
                    case "stall" -> e.stallNextCommand(Duration.ofMillis(w.length > 1 ? Long.parseLong(w[1]) : 10_000));
                    default -> System.out.println("? insert | remove | fail CODE | stall MS | quit");
                }
                System.out.println("ok");
            }
            Thread.currentThread().join(); // no console (started in the background): serve until stopped
        }
    }
}
