package org.opendmv.devices.api;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Reader-independent parser of the resident ID card's text block, for drivers whose reader (a SAM module,
 * a PC/SC or network reader) hands over the card's raw data rather than parsed fields.
 *
 * <p>The block is 256 bytes of UCS-2 (UTF-16LE) text in fixed-width fields, padded with spaces (widths in
 * bytes): name 30, sex 2 ({@code 1} male, {@code 2} female), ethnicity code 4 ({@code 01} = 汉), birth date 16
 * ({@code yyyyMMdd}), address 70, ID number 36 (18 characters, GB 11643), issuing authority 30, valid from 16,
 * valid until 16 ({@code yyyyMMdd} or {@code 长期}, long term), reserved 36. Most readers append the 1024-byte
 * WLT-compressed photo; only the card issuer's licensed decoder turns it into an image, so it is kept as bytes.
 * A driver calls {@link #parse(byte[], byte[])}; tests build a synthetic block with {@code encode(...)}.
 * This layout is what readers of the second-generation card return (documented in vendor SDK manuals;
 * the project's test data is synthetic).
 */
public final class IdCardTextBlock {
    /** Bytes of the text block. */
    public static final int SIZE = 256;
    /** Bytes of the WLT photo that follows it on most readers. */
    public static final int PHOTO_SIZE = 1024;
    private static final DateTimeFormatter YMD = DateTimeFormatter.BASIC_ISO_DATE;
    private static final Map<String, String> ETHNICITY = Map.ofEntries(Map.entry("01", "汉"), Map.entry("02", "蒙古"),
            Map.entry("03", "回"), Map.entry("04", "藏"), Map.entry("05", "维吾尔"), Map.entry("06", "苗"), Map.entry("07", "彝"),
            Map.entry("08", "壮"), Map.entry("09", "布依"), Map.entry("10", "朝鲜"), Map.entry("11", "满"), Map.entry("97", "其他"),
            Map.entry("98", "外国血统中国籍人士"));

    private IdCardTextBlock() {
    }

    /**
     * Parses the text block and an optional WLT photo (kept as bytes; only a licensed decoder
     * turns it into an image). Throws {@link DeviceException} INVALID_DATA / INVALID_MEDIA whose
     * message names the field, never its content.
     */
    public static IdCardData parse(byte[] text, byte[] wlt) {
        if (text == null || text.length != SIZE) {
            throw invalid("text block must be " + SIZE + " bytes");
        }
        String name = field(text, 0, 30);
        String sex = field(text, 30, 2);
        String eth = field(text, 32, 4);
        String birth = field(text, 36, 16);
        String address = field(text, 52, 70);
        String id = field(text, 122, 36);
        String authority = field(text, 158, 30);
        String from = field(text, 188, 16);
        String until = field(text, 204, 16);
        if (name.isEmpty() || !id.matches("[0-9]{17}[0-9X]")) {
            throw invalid("name or ID number field is not valid");
        }
        if (sex.length() != 1) {
            throw invalid("sex field is not valid");
        }
        try {
            return build(name, sex, eth, birth, address, id, authority, from, until, wlt);
        } catch (RuntimeException e) {
            throw invalid("card data rejected: " + e.getClass().getSimpleName());
        }
    }

    private static IdCardData build(String name, String sex, String eth, String birth, String address, String id,
            String authority, String from, String until, byte[] wlt) {
        IdCardData.Builder b = IdCardData.builder().name(name).sex(IdCardData.Sex.fromCode(sex.charAt(0)))
                .ethnicity(ETHNICITY.getOrDefault(eth, eth)).birthDate(date(birth, "birth")).address(address).idNumber(id)
                .issuingAuthority(authority).validFrom(date(from, "valid-from"));
        if (!until.startsWith("长期")) {
            b.validUntil(date(until, "valid-until"));
        }
        if (wlt != null && wlt.length > 0) {
            b.photoWlt(wlt);
        }
        return b.build();
    }

    private static String field(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.UTF_16LE).replace('\0', ' ').strip();
    }

    private static LocalDate date(String s, String what) {
        try {
            return LocalDate.parse(s, YMD);
        } catch (DateTimeParseException e) {
            throw invalid(what + " date is not yyyyMMdd");
        }
    }

    /** The inverse, for simulators, emulators and tests. */
    public static byte[] encode(String name, char sex, String eth, String birth, String address, String id, String authority,
            String from, String until) {
        byte[] out = new byte[SIZE];
        java.util.Arrays.fill(out, (byte) 0);
        put(out, 0, 30, name);
        put(out, 30, 2, String.valueOf(sex));
        put(out, 32, 4, eth);
        put(out, 36, 16, birth);
        put(out, 52, 70, address);
        put(out, 122, 36, id);
        put(out, 158, 30, authority);
        put(out, 188, 16, from);
        put(out, 204, 16, until);
        return out;
    }

    private static void put(byte[] out, int off, int len, String s) {
        StringBuilder padded = new StringBuilder(s);
        while (padded.length() < len / 2) {
            padded.append(' ');
        }
        byte[] b = padded.toString().getBytes(StandardCharsets.UTF_16LE);
        System.arraycopy(b, 0, out, off, Math.min(len, b.length));
    }

    private static DeviceException invalid(String message) {
        return new DeviceException(CompletionCode.INVALID_DATA, IdCardReader.ReadCardError.INVALID_MEDIA, message);
    }
}
