package org.opendmv.business.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.Test;

/** Bad input at the form boundary: every case gives a field message in zh-CN and English. */
public class BadInputTest {
    private static final FieldSpec NAME = FieldSpec.builder("reasonDetail").label(LocalizedText.of("说明", "Details")).build();
    private static final FieldSpec ADDRESS = FieldSpec.builder("address").label(LocalizedText.of("邮寄地址", "Address"))
            .type(FieldType.ADDRESS).required(true).maxLength(70).build();
    private static final FieldSpec DATE = FieldSpec.builder("returnDate").label(LocalizedText.of("预计返回日期", "Return date"))
            .type(FieldType.DATE).required(true).build();
    private static final FieldSpec CLASS = FieldSpec.builder("targetClass").label(LocalizedText.of("准驾车型", "Class"))
            .type(FieldType.CHOICE).required(true).options(List.of(new ChoiceOption("C1", null), new ChoiceOption("C2", null))).build();
    private static final FieldSpec ID = FieldSpec.builder("agentId").label(LocalizedText.of("代理人身份证号码", "Agent ID number"))
            .type(FieldType.ID_NUMBER).required(true).build();
    private static final FieldSpec PLATE = FieldSpec.builder("plateNumber").label(LocalizedText.of("号牌号码", "Plate"))
            .type(FieldType.PLATE).required(true).build();
    private static final FieldSpec MOBILE = FieldSpec.builder("mobile").label(LocalizedText.of("移动电话", "Mobile"))
            .type(FieldType.MOBILE).required(true).build();

    private static LocalizedText bad(FieldSpec f, String v) {
        Optional<LocalizedText> e = FieldValidation.check(f, v);
        assertTrue(f.name() + " accepted '" + v + "'", e.isPresent());
        assertTrue(e.get().has(LocalizedText.ZH));
        assertTrue(e.get().has(LocalizedText.EN));
        return e.get();
    }

    @Test
    public void emptyAndBlank() {
        for (FieldSpec f : List.of(ADDRESS, DATE, CLASS, ID, PLATE, MOBILE)) {
            bad(f, null);
            bad(f, "");
            assertEquals("请填写" + f.label().zh(), bad(f, "  \t ").zh());
        }
    }

    @Test
    public void overLong() {
        assertEquals("邮寄地址最多70个字", bad(ADDRESS, "北".repeat(71)).zh());
        assertEquals("说明最多200个字", bad(NAME, "x".repeat(201)).zh());
        assertTrue(FieldValidation.check(ADDRESS, "北".repeat(70)).isEmpty());
        // counted in characters, not UTF-16 units: 70 CJK extension characters are fine
        assertTrue(FieldValidation.check(ADDRESS, "\uD840\uDC00".repeat(70)).isEmpty());
    }

    @Test
    public void wrongChecksum() {
        assertEquals("身份证号码不正确", bad(ID, "110101198504120018").zh());
        bad(ID, "11010119850412001");
        bad(ID, "1101011985041200199");
        bad(ID, "11010119851332001X");
    }

    @Test
    public void outOfRangeAndImpossibleDates() {
        bad(DATE, "2026-02-30");
        bad(DATE, "2026-13-01");
        bad(DATE, "26-1-1");
        bad(DATE, "yesterday");
        assertEquals("预计返回日期不在有效范围内", bad(DATE, "1899-12-31").zh());
        bad(DATE, "2101-01-01");
        bad(DATE, "+99999-01-01");
        assertTrue(FieldValidation.check(DATE, "2027-01-31").isEmpty());
    }

    @Test
    public void unknownClassCodes() {
        assertEquals("请从列表中选择准驾车型", bad(CLASS, "Z9").zh());
        bad(CLASS, "c1");
        bad(CLASS, "C1,C2");
    }

    @Test
    public void markupSqlAndControlCharacters() {
        for (String v : List.of("<script>alert(1)</script>", "a\"b", "1'; DROP TABLE applications; --", "x;y", "{x}", "a\\b", "`id`")) {
            assertTrue(v, bad(NAME, v).zh().contains("不能包含"));
            bad(ADDRESS, "北京市" + v);
        }
        for (String v : List.of("abc\u0000def", "line\nbreak", "tab\there", "bidi\u202Eoverride", "zero\u200Bwidth", "bell\u0007")) {
            assertTrue(v, bad(NAME, v).zh().contains("控制字符"));
        }
        bad(MOBILE, "1380000000'");
        bad(PLATE, "京A1234<");
    }

    @Test
    public void plausibleInputPasses() {
        assertTrue(FieldValidation.check(ADDRESS, "北京市东城区测试大街1号院2号楼301室（东门）").isEmpty());
        assertTrue(FieldValidation.check(NAME, "出国探亲，2027年1月回国").isEmpty());
        assertTrue(FieldValidation.check(PLATE, "京a12345").isEmpty());
    }
}
