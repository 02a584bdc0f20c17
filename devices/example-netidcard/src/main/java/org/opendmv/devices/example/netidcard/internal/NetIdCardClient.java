package org.opendmv.devices.example.netidcard.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.DeviceException;
import org.opendmv.devices.api.IdCardData;
import org.opendmv.devices.api.IdCardReader.ReadCardError;

/**
 * The reader's line protocol (README.md): one TCP connection per command, one UTF-8 line each way,
 * answer fields separated by tabs as {@code key=value}. Closing the socket aborts a command, which is
 * how cancellation and {@link #close()} stop a read that waits for a card.
 */
final class NetIdCardClient implements AutoCloseable {
    private static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE; // yyyyMMdd

    private final String host;
    private final int port;
    private final Duration connectTimeout;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    NetIdCardClient(String host, int port, Duration connectTimeout) {
        this.host = host;
        this.port = port;
        this.connectTimeout = connectTimeout;
    }

    /** {@code INFO} → vendor, model, firmware, serial. */
    Map<String, String> info() throws IOException {
        return fields(send("INFO", Duration.ofSeconds(5), null), "INFO");
    }

    /**
     * {@code READ <ms> [TEXT]}: the reader waits up to {@code wait} for a card.
     *
     * @throws DeviceException TIMEOUT for {@code NOCARD}, the mapped code for {@code ERR <code>}
     */
    IdCardData read(Duration wait, boolean photo, CommandContext ctx) throws IOException {
        String answer = send("READ " + wait.toMillis() + (photo ? "" : " TEXT"), wait.plusSeconds(5), ctx);
        if (answer.equals("NOCARD")) {
            throw new DeviceException(CompletionCode.TIMEOUT, "no card presented / 未放置身份证");
        }
        if (answer.startsWith("ERR ")) {
            throw error(answer.substring(4).trim());
        }
        return card(fields(answer, "CARD"));
    }

    /** Closes the connections of commands still running: they fail at once. */
    @Override
    public void close() {
        for (Socket s : open) {
            closeQuietly(s);
        }
    }

    private String send(String command, Duration readTimeout, CommandContext ctx) throws IOException {
        try (Socket s = new Socket()) {
            open.add(s);
            if (ctx != null) {
                ctx.onCancel(() -> closeQuietly(s)); // cancel or deadline: unblock the read below
            }
            s.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
            s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, readTimeout.toMillis())));
            OutputStream out = s.getOutputStream();
            out.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                throw new IOException("reader closed the connection");
            }
            return line;
        } finally {
            open.removeIf(Socket::isClosed);
        }
    }

    /** {@code TAG\tkey=value\t...} → the map; anything else is a protocol error. */
    static Map<String, String> fields(String line, String tag) throws IOException {
        String[] parts = line.split("\t");
        if (!parts[0].equals(tag)) {
            throw new IOException("unexpected answer " + parts[0] + ", expected " + tag);
        }
        Map<String, String> m = new HashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq > 0) {
                m.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
            }
        }
        return m;
    }

    /** The card fields → IdCardData; a field missing or malformed is INVALID_DATA (its value is never shown). */
    static IdCardData card(Map<String, String> f) {
        try {
            String until = f.get("until");
            String photo = f.get("photo");
            return IdCardData.builder().name(f.get("name")).sex(IdCardData.Sex.fromCode(f.get("sex").charAt(0)))
                    .ethnicity(f.get("ethnicity")).birthDate(LocalDate.parse(f.get("birth"), DATE))
                    .address(f.get("address")).idNumber(f.get("id")).issuingAuthority(f.get("authority"))
                    .validFrom(LocalDate.parse(f.get("from"), DATE))
                    .validUntil(until == null || until.equals("长期") ? null : LocalDate.parse(until, DATE))
                    .photo(photo == null ? null : Base64.getDecoder().decode(photo))
                    .build();
        } catch (NullPointerException | DateTimeParseException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new DeviceException(CompletionCode.INVALID_DATA, ReadCardError.INVALID_MEDIA,
                    "card data incomplete or malformed / 身份证信息不完整");
        }
    }

    /** {@code ERR <code>} → the completion code and ReadCardError the kiosk maps to what the citizen sees. */
    static DeviceException error(String code) {
        switch (code) {
            case "NOTIDCARD":
                return new DeviceException(CompletionCode.INVALID_DATA, ReadCardError.INVALID_MEDIA, "not a resident ID card / 非居民身份证");
            case "REMOVED":
                return new DeviceException(CompletionCode.USER_ERROR, ReadCardError.NO_MEDIA, "card removed during the read / 读卡时身份证被移开");
            case "CHIP":
                return new DeviceException(CompletionCode.HARDWARE_ERROR, ReadCardError.CHIP_ERROR, "chip or SAM error / 芯片或安全模块错误");
            default:
                return new DeviceException(CompletionCode.HARDWARE_ERROR, "reader error " + code);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
