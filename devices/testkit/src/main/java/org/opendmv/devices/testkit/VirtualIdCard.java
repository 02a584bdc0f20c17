package org.opendmv.devices.testkit;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.opendmv.devices.api.IdCardData;
import org.opendmv.devices.api.IdCardTextBlock;

/**
 * The one synthetic resident ID card of driver tests: an invented person (测试丙, born 1990-03-07, a
 * GB 11643 number with a valid check character) with {@link SyntheticPortrait} as photo. Feed it to your
 * emulator ({@link #textBlock()}, {@link #wlt()}), compare what the driver read with
 * {@link #matches(IdCardData)}; {@link #personalData()} lists what must never reach a log.
 */
public final class VirtualIdCard {
    /** 姓名. */
    public static final String NAME = "测试丙";
    /** 性别: male. */
    public static final IdCardData.Sex SEX = IdCardData.Sex.MALE;
    /** 民族 code (汉). */
    public static final String ETHNICITY = "01";
    /** 出生. */
    public static final LocalDate BIRTH_DATE = LocalDate.of(1990, 3, 7);
    /** 住址. */
    public static final String ADDRESS = "北京市东城区测试大街八号院三单元";
    /** 公民身份号码: region 110101, the birth date, sequence 135 (odd: male), check character. */
    public static final String ID_NUMBER = "11010119900307135" + Gb11643.checkCharacter("11010119900307135");
    /** 签发机关. */
    public static final String AUTHORITY = "北京市公安局东城分局";
    /** 有效期起始. */
    public static final LocalDate VALID_FROM = LocalDate.of(2020, 5, 1);
    /** 有效期截止. */
    public static final LocalDate VALID_UNTIL = LocalDate.of(2040, 5, 1);

    private static final DateTimeFormatter YMD = DateTimeFormatter.BASIC_ISO_DATE;

    private VirtualIdCard() {
    }

    /** The card as a reader returns it, with the portrait as decoded photo and {@link #wlt()}; the caller wipes it. */
    public static IdCardData cardData() {
        return IdCardData.builder().name(NAME).sex(SEX).ethnicity(ETHNICITY).birthDate(BIRTH_DATE).address(ADDRESS)
                .idNumber(ID_NUMBER).issuingAuthority(AUTHORITY).validFrom(VALID_FROM).validUntil(VALID_UNTIL)
                .photoWlt(wlt()).photo(SyntheticPortrait.png()).build();
    }

    /** The card's 256-byte text block as the chip holds it ({@link IdCardTextBlock}). */
    public static byte[] textBlock() {
        return IdCardTextBlock.encode(NAME, '1', ETHNICITY, BIRTH_DATE.format(YMD), ADDRESS, ID_NUMBER, AUTHORITY,
                VALID_FROM.format(YMD), VALID_UNTIL.format(YMD));
    }

    /**
     * A 1024-byte stand-in for the chip's WLT photo (not a real WLT: only licensed decoders read those; a
     * driver keeps the bytes as {@link IdCardData#photoWlt()}).
     */
    public static byte[] wlt() {
        byte[] w = new byte[IdCardTextBlock.PHOTO_SIZE];
        for (int i = 0; i < w.length; i++) {
            w[i] = (byte) (i * 7 + 3);
        }
        return w;
    }

    /** Whether {@code data} holds this card's name, ID number, birth date and address. */
    public static boolean matches(IdCardData data) {
        return NAME.equals(data.name()) && ID_NUMBER.equals(data.idNumber()) && BIRTH_DATE.equals(data.birthDate())
                && ADDRESS.equals(data.address());
    }

    /**
     * Strings that must never appear in a log: name, ID number, address, the portrait's
     * {@linkplain SyntheticPortrait#logTraces() traces}.
     */
    public static List<String> personalData() {
        List<String> l = new ArrayList<>(List.of(NAME, ID_NUMBER, ADDRESS));
        l.addAll(List.of(SyntheticPortrait.logTraces()));
        return l;
    }
}
