package org.opendmv.forms.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.junit.Test;
import org.opendmv.forms.api.FilledForm;
import org.opendmv.forms.api.FormBox;
import org.opendmv.forms.api.OfficialForms;

public class FilledFormTest {

    private static void refused(String expected, Supplier<?> s) {
        try {
            s.get();
            fail("accepted; expected: " + expected);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(expected));
        }
    }

    private static FilledForm.Builder minimal(String serial, String kind) {
        return FilledForm.builder(serial, kind).value("applicant.name", "测试用户").value("applicant.idNumber", Samples.ID);
    }

    @Test
    public void mandatoryValues() {
        refused("serial is missing", () -> minimal(null, "driver-licence").build());
        refused("serial is missing", () -> minimal("  ", "driver-licence").build());
        refused("serial must be", () -> minimal("2026/11/24", "driver-licence").build());
        refused("kind is missing", () -> minimal(Samples.SERIAL, null).build());
        refused("applicant.idNumber must be", () -> Samples.driver("dl-renewal").idNumber("110101-1990").build());
        // a business without IDENTIFY prints its form with the applicant cells blank
        assertNull(FilledForm.builder(Samples.SERIAL, "driver-licence").build().value("applicant.name"));
    }

    @Test
    public void lengthsAreChecked() {
        refused("applicant.address is too long (121 characters, at most 120)",
                () -> Samples.driver("dl-renewal").address("路".repeat(121)).build());
        refused("applicant.name is too long", () -> Samples.driver("dl-renewal").applicantName("名".repeat(41)).build());
        // a field's own limit is the layout's: checked by the service
        FilledForm longMail = Samples.driver("dl-renewal").email("a".repeat(65)).build();
        refused("applicant.email is too long (65 characters, at most 64)", () -> new FormsComponent().boxes(longMail));
        assertEquals(120, Samples.driver("dl-renewal").address("路".repeat(120)).build().value("applicant.address").length());
    }

    @Test
    public void imagesAreChecked() {
        refused("photoJpeg is not a JPEG image", () -> Samples.driver("dl-renewal").photoJpeg(Samples.signature()).build());
        refused("photoJpeg is not a JPEG image", () -> Samples.driver("dl-renewal").photoJpeg(new byte[] {1, 2, 3, 4}).build());
        refused("signaturePng is not a PNG image", () -> Samples.driver("dl-renewal").signaturePng(Samples.photo()).build());
        refused("photoJpeg is too large", () -> {
            byte[] big = new byte[FilledForm.MAX_IMAGE_BYTES + 1];
            big[0] = (byte) 0xFF;
            big[1] = (byte) 0xD8;
            big[2] = (byte) 0xFF;
            return Samples.driver("dl-renewal").photoJpeg(big).build();
        });
        assertNull(Samples.driver("dl-renewal").photoJpeg(new byte[0]).build().photoJpeg());
    }

    @Test
    public void toStringShowsNoPersonalData() {
        FilledForm d = Samples.driver("dl-renewal").build();
        assertEquals("FilledForm[" + Samples.SERIAL + " driver-licence]", d.toString());
    }

    /** What the engine stores at SIGN for mv-plate-replace (print.* keys), read back at delivery. */
    private static Map<String, Object> platePayload() {
        Map<String, Object> p = new HashMap<>();
        p.put("business.code", "mv-plate-replace");
        p.put("business.name", "补领机动车号牌");
        p.put("idcard.name", "测试用户");
        p.put("idcard.idNumber", Samples.ID);
        p.put("idcard.sex", "1");
        p.put("idcard.birthDate", "1990-03-07");
        p.put("idcard.address", "卡上地址");
        p.put("form.address", "邮寄地址示例");
        p.put("form.mobile", "13800000000");
        p.put("form.postcode", "100010");
        p.put("form.plateNumber", "京A12345");
        p.put("form.reason", "destroyed");
        p.put("vehicle.plate", "京B00000");
        p.put("vehicle.plateType", "02");
        p.put("vehicle.vinLast4", "0042");
        p.put("fee.fen", 10500L);
        p.put("print.kind", "vehicle-plate");
        p.put("print.ticked", List.of("vp.plate.replace", "vp.plate.replace.destroyed", "vp.plate.replace.front",
                "vp.plate.replace.back", "kiosk.temp-plate.yes", "kiosk.delivery.mail"));
        p.put("print.rows", List.of("kiosk.temp-plate"));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("applicant.name", "idcard.name");
        fields.put("applicant.idNumber", "idcard.idNumber");
        fields.put("applicant.address", "form.address|idcard.address");
        fields.put("applicant.mobile", "form.mobile");
        fields.put("applicant.postcode", "form.postcode");
        fields.put("applicant.email", "form.email");
        fields.put("vehicle.plateNumber", "form.plateNumber|vehicle.plate");
        fields.put("vehicle.plateType", "vehicle.plateType");
        fields.put("vehicle.vinLast4", "vehicle.vinLast4");
        p.put("print.fields", fields);
        return p;
    }

    @Test
    public void fromTheStoredPayload() {
        Map<String, Object> p = platePayload();
        byte[] sig = Samples.signature();
        FilledForm d = FilledForm.fromPayload(Samples.SERIAL, p, null, sig, "K001", LocalDate.of(2026, 11, 24));
        assertEquals(OfficialForms.VEHICLE_PLATE, d.kind());
        assertEquals("补领机动车号牌", d.businessName());
        assertEquals("测试用户", d.value("applicant.name"));
        assertEquals(Samples.ID, d.value("applicant.idNumber"));
        assertEquals("邮寄地址示例", d.value("applicant.address"));
        assertEquals("京A12345", d.value("vehicle.plateNumber"));
        assertEquals("02", d.value("vehicle.plateType"));
        assertEquals("0042", d.value("vehicle.vinLast4"));
        assertNull("no value in the payload", d.value("applicant.email"));
        assertEquals(Set.of("kiosk.temp-plate"), d.rows());
        assertArrayEquals(sig, d.signaturePng());
        assertNull(d.photoJpeg());
        Set<String> on = new java.util.TreeSet<>();
        for (FormBox b : new FormsComponent().boxes(d)) {
            if (b.ticked()) {
                on.add(b.id());
            }
        }
        assertEquals(new java.util.TreeSet<>(List.of("vp.plate.replace", "vp.plate.replace.destroyed", "vp.plate.replace.front",
                "vp.plate.replace.back", "kiosk.temp-plate.yes", "kiosk.delivery.mail")), on);

        // the first present source wins: without a mailing address, the card's
        p.remove("form.address");
        p.remove("form.plateNumber");
        FilledForm s = FilledForm.fromPayload(Samples.SERIAL, p, null, null, "K001", null);
        assertEquals("卡上地址", s.value("applicant.address"));
        assertEquals("京B00000", s.value("vehicle.plateNumber"));
        // a comma-separated string is read as a list too (a payload written by hand)
        p.put("print.ticked", "vp.plate.replace,vp.plate.replace.lost");
        assertEquals(Set.of("vp.plate.replace", "vp.plate.replace.lost"),
                FilledForm.fromPayload(Samples.SERIAL, p, null, null, "K001", null).ticked());
    }

    @Test
    public void badPayloadValues() {
        Map<String, Object> p = platePayload();
        p.put("idcard.birthDate", "07.03.1990");
        p.put("print.fields", Map.of("applicant.name", "idcard.name", "applicant.idNumber", "idcard.idNumber",
                "applicant.birthDate", "idcard.birthDate"));
        refused("applicant.birthDate is not an ISO date", () -> FilledForm.fromPayload(Samples.SERIAL, p, null, null, "K001", null));
        Map<String, Object> legacy = platePayload();
        legacy.remove("print.kind");
        refused("print.kind is missing", () -> FilledForm.fromPayload(Samples.SERIAL, legacy, null, null, "K001", null));
        refused("serial is missing", () -> FilledForm.fromPayload(null, platePayload(), null, null, "K001", null));
        Map<String, Object> fields = platePayload();
        fields.put("print.fields", "idcard.name");
        refused("print.fields must be an object", () -> FilledForm.fromPayload(Samples.SERIAL, fields, null, null, "K001", null));
        assertFalse(FilledForm.fromPayload(Samples.SERIAL, platePayload(), null, null, null, null).toString().contains("测试"));
    }
}
