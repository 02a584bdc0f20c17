package org.opendmv.forms.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.Test;
import org.opendmv.forms.api.FormData;
import org.opendmv.forms.api.FormKind;

public class FormDataTest {

    private static void refused(String expected, Supplier<?> s) {
        try {
            s.get();
            fail("accepted; expected: " + expected);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(expected));
        }
    }

    @Test
    public void mandatoryValues() {
        refused("serial is missing", () -> FormData.builder(null, "dl-renewal").applicantName("x").idNumber(Samples.ID).build());
        refused("serial is missing", () -> FormData.builder("  ", "dl-renewal").build());
        refused("serial must be", () -> FormData.builder("2026/11/24", "dl-renewal").build());
        refused("businessCode is missing", () -> FormData.builder(Samples.SERIAL, null).build());
        refused("unknown business code 'dl-teleport'", () -> FormData.builder(Samples.SERIAL, "dl-teleport").build());
        refused("applicantName is missing", () -> FormData.builder(Samples.SERIAL, "dl-renewal").idNumber(Samples.ID).build());
        refused("idNumber is missing", () -> FormData.builder(Samples.SERIAL, "dl-renewal").applicantName("测试用户").build());
        refused("idNumber must be", () -> Samples.driver("dl-renewal").idNumber("110101-1990").build());
    }

    @Test
    public void lengthsAreChecked() {
        refused("address is too long (121 characters, at most 120)", () -> Samples.driver("dl-renewal").address("路".repeat(121)).build());
        refused("applicantName is too long", () -> Samples.driver("dl-renewal").applicantName("名".repeat(41)).build());
        refused("email is too long", () -> Samples.driver("dl-renewal").email("a".repeat(61)).build());
        assertEquals(120, Samples.driver("dl-renewal").address("路".repeat(120)).build().address().length());
    }

    @Test
    public void imagesAreChecked() {
        refused("photoJpeg is not a JPEG image", () -> Samples.driver("dl-renewal").photoJpeg(Samples.signature()).build());
        refused("photoJpeg is not a JPEG image", () -> Samples.driver("dl-renewal").photoJpeg(new byte[] {1, 2, 3, 4}).build());
        refused("signaturePng is not a PNG image", () -> Samples.driver("dl-renewal").signaturePng(Samples.photo()).build());
        refused("photoJpeg is too large", () -> {
            byte[] big = new byte[FormData.MAX_IMAGE_BYTES + 1];
            big[0] = (byte) 0xFF;
            big[1] = (byte) 0xD8;
            big[2] = (byte) 0xFF;
            return Samples.driver("dl-renewal").photoJpeg(big).build();
        });
        assertNull(Samples.driver("dl-renewal").photoJpeg(new byte[0]).build().photoJpeg());
    }

    @Test
    public void toStringShowsNoPersonalData() {
        FormData d = Samples.driver("dl-renewal").build();
        assertEquals("FormData[" + Samples.SERIAL + " dl-renewal]", d.toString());
        assertEquals(FormKind.DRIVER_LICENCE, d.kind());
    }

    @Test
    public void fromTheStoredPayload() {
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
        p.put("form.plateSide", "both");
        p.put("form.tempPlate", "yes");
        p.put("form.delivery", "mail");
        p.put("vehicle.plate", "京B00000");
        p.put("vehicle.plateType", "02");
        p.put("vehicle.vinLast4", "0042");
        p.put("fee.fen", 10500L);
        p.put("photo", false);
        byte[] sig = Samples.signature();
        FormData d = FormData.fromPayload(Samples.SERIAL, p, null, sig, "K001", LocalDate.of(2026, 11, 24));
        assertEquals("mv-plate-replace", d.businessCode());
        assertEquals("补领机动车号牌", d.businessName());
        assertEquals("测试用户", d.applicantName());
        assertEquals(Samples.ID, d.idNumber());
        assertEquals(LocalDate.of(1990, 3, 7), d.birthDate());
        assertEquals("邮寄地址示例", d.address());
        assertEquals("京A12345", d.plateNumber());
        assertEquals("02", d.plateType());
        assertEquals("destroyed", d.reason());
        assertEquals("both", d.plateSide());
        assertEquals(Boolean.TRUE, d.tempPlate());
        assertEquals("mail", d.delivery());
        assertEquals("0042", d.vinLast4());
        assertArrayEquals(sig, d.signaturePng());
        assertNull(d.photoJpeg());

        Map<String, Object> sticker = new HashMap<>(p);
        sticker.put("business.code", "mv-inspection-sticker");
        sticker.remove("form.reason");
        sticker.put("form.where", "local");
        sticker.remove("form.address");
        FormData s = FormData.fromPayload(Samples.SERIAL, sticker, null, null, "K001", null);
        assertEquals("local", s.reason());
        assertEquals("卡上地址", s.address());
        assertTrue(FormModel.boxes(s).stream().anyMatch(b -> b.ticked() && b.id().equals("vp.sticker.apply.local")));

        Map<String, Object> dl = new HashMap<>(p);
        dl.put("business.code", "dl-downgrade");
        dl.put("form.targetClass", "C2");
        dl.put("driver.classes", "C1");
        dl.put("driver.archiveNo", "110100000001");
        dl.remove("form.reason");
        FormData g = FormData.fromPayload(Samples.SERIAL, dl, Samples.photo(), sig, "K001", null);
        assertEquals("C2", g.targetClass());
        assertEquals("C1", g.licenceClass());
        assertEquals("110100000001", g.archiveNo());
    }

    @Test
    public void badPayloadValues() {
        Map<String, Object> p = new HashMap<>();
        p.put("business.code", "dl-renewal");
        p.put("idcard.name", "测试用户");
        p.put("idcard.idNumber", Samples.ID);
        p.put("idcard.birthDate", "07.03.1990");
        refused("idcard.birthDate", () -> FormData.fromPayload(Samples.SERIAL, p, null, null, "K001", null));
        p.remove("idcard.birthDate");
        p.put("business.code", "xx-unknown");
        refused("unknown business code", () -> FormData.fromPayload(Samples.SERIAL, p, null, null, "K001", null));
        refused("serial is missing", () -> FormData.fromPayload(null, p, null, null, "K001", null));
        assertFalse(FormData.fromPayload(Samples.SERIAL, Map.of("business.code", "dl-cancel", "idcard.name", "测试用户",
                "idcard.idNumber", Samples.ID), null, null, null, null).toString().contains("测试"));
    }
}
