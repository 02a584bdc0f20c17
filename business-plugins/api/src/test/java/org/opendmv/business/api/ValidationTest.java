package org.opendmv.business.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.junit.Test;

public class ValidationTest {

    @Test
    public void idNumberCheckDigitBirthDateAndMask() {
        String first17 = "11010119900307001";
        String id = first17 + IdNumbers.checkChar(first17);
        assertTrue(IdNumbers.isValid(id));
        assertEquals(LocalDate.of(1990, 3, 7), IdNumbers.birthDate(id));
        assertTrue(IdNumbers.isMale(id));
        char wrong = id.charAt(17) == '1' ? '2' : '1';
        assertFalse(IdNumbers.isValid(first17 + wrong));
        assertFalse("Feb 30 is no birth date", IdNumbers.isValid("11010119900230001" + IdNumbers.checkChar("11010119900230001")));
        assertFalse(IdNumbers.isValid("1101011990030700"));
        assertEquals("110101********" + id.substring(14), IdNumbers.mask(id));
    }

    @Test
    public void knownPublishedExampleValidates() {
        // GB 11643 worked example
        assertTrue(IdNumbers.isValid("11010519491231002X"));
    }

    @Test
    public void fieldTypesGiveChineseFirstMessages() {
        FieldSpec mobile = FieldSpec.builder("mobile").label(LocalizedText.of("手机号码", "Mobile")).type(FieldType.MOBILE).required(true).build();
        assertEquals("请填写手机号码", FieldValidation.check(mobile, " ").get().zh());
        assertEquals("Mobile is required", FieldValidation.check(mobile, null).get().en());
        assertTrue(FieldValidation.check(mobile, "12345678901").isPresent());
        assertFalse(FieldValidation.check(mobile, "13812345678").isPresent());

        FieldSpec post = FieldSpec.builder("postcode").label(LocalizedText.of("邮政编码", "Postcode")).type(FieldType.POSTCODE).build();
        assertFalse("optional and empty is fine", FieldValidation.check(post, "").isPresent());
        assertTrue(FieldValidation.check(post, "10000").isPresent());
        assertFalse(FieldValidation.check(post, "100000").isPresent());

        FieldSpec plate = FieldSpec.builder("plate").label(LocalizedText.of("号牌号码", "Plate")).type(FieldType.PLATE).build();
        assertFalse(FieldValidation.check(plate, "京A12345").isPresent());
        assertFalse(FieldValidation.check(plate, "粤B1234学").isPresent());
        assertTrue("letter I is never used on plates", FieldValidation.check(plate, "京I12345").isPresent());

        FieldSpec cls = FieldSpec.builder("cls").label(LocalizedText.of("准驾车型", "Class")).type(FieldType.CHOICE)
                .options(List.of(new ChoiceOption("C1", null), new ChoiceOption("C2", null))).build();
        assertFalse(FieldValidation.check(cls, "C2").isPresent());
        assertEquals("请从列表中选择准驾车型", FieldValidation.check(cls, "A1").get().zh());

        FieldSpec len = FieldSpec.builder("reason").label(LocalizedText.of("原因", "Reason")).maxLength(4).build();
        assertTrue(FieldValidation.check(len, "12345").isPresent());
    }

    @Test
    public void validatorReportsEveryProblemInPlainWords() {
        BusinessDescriptor bad = BusinessDescriptor.builder("Bad Code!")
                .category("")
                .steps(List.of(StepSpec.of(StepTypes.FORM), StepSpec.of(StepTypes.FORM), StepSpec.of(StepTypes.PHOTO)))
                .fields(List.of(FieldSpec.builder("a").label(LocalizedText.of("甲", "A")).type(FieldType.CHOICE).build(),
                        FieldSpec.builder("b").label(LocalizedText.of("乙", "B")).pattern("([").build()))
                .materials(List.of(new MaterialSpec("m", null, true, 3, 1)))
                .feeFen(1000)
                .build();
        List<String> p = DescriptorValidator.validate(bad);
        assertTrue(p.toString(), p.stream().anyMatch(s -> s.startsWith("code 'Bad Code!'")));
        assertTrue(p.contains("name.zh-CN is missing"));
        assertTrue(p.contains("category is missing"));
        assertTrue(p.contains("step FORM is listed twice"));
        assertTrue(p.contains("feeFen is 1000 but there is no PAY step"));
        assertTrue(p.contains("PHOTO step without photoSpec"));
        assertTrue(p.contains("field 'a' is a choice without options"));
        assertTrue(p.stream().anyMatch(s -> s.startsWith("field 'b' pattern does not compile")));
        assertTrue(p.stream().anyMatch(s -> s.startsWith("material 'm' page limits")));
    }

    @Test
    public void goodDescriptorHasNoProblems() {
        BusinessDescriptor ok = BusinessDescriptor.builder("dl-renewal").name(LocalizedText.of("期满换证", "Renewal"))
                .category(Categories.DRIVER_LICENCE)
                .steps(List.of(StepSpec.of(StepTypes.IDENTIFY), StepSpec.of(StepTypes.FORM), StepSpec.of(StepTypes.PAY)))
                .fields(List.of(FieldSpec.builder("mobile").label(LocalizedText.of("手机", "Mobile")).type(FieldType.MOBILE).build()))
                .feeFen(1000).build();
        assertEquals(List.of(), DescriptorValidator.validate(ok));
    }

    @Test
    public void localizedTextFallsBackToChinese() {
        LocalizedText t = LocalizedText.of("期满换证", null);
        assertEquals("期满换证", t.get(java.util.Locale.ENGLISH));
        assertEquals("Renewal", LocalizedText.of("期满换证", "Renewal").get(java.util.Locale.UK));
    }

    @Test
    public void iconMustBeOneTheKioskDraws() {
        BusinessDescriptor.Builder b = BusinessDescriptor.builder("acme-cert-replace")
                .name(LocalizedText.of("补领机动车登记证书", "Replace a lost registration certificate"))
                .category(Categories.MOTOR_VEHICLE)
                .steps(List.of(StepSpec.of(StepTypes.IDENTIFY), StepSpec.of(StepTypes.RECEIPT)));
        assertTrue(DescriptorValidator.validate(b.icon("vehicle-replace").build()).isEmpty());
        assertTrue("no icon: the category's glyph", DescriptorValidator.validate(b.icon(null).build()).isEmpty());
        List<String> p = DescriptorValidator.validate(b.icon("phone").build());
        assertEquals(1, p.size());
        assertTrue(p.get(0), p.get(0).startsWith("icon 'phone' is not one the kiosk draws; use one of licence, licence-renew"));
        for (String name : BusinessIcons.NAMES) {
            assertTrue(name, DescriptorValidator.validate(b.icon(name).build()).isEmpty());
        }
    }
}
