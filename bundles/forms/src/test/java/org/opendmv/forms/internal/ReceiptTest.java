package org.opendmv.forms.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.LocalDateTime;
import java.util.List;

import org.junit.Test;
import org.opendmv.forms.api.ReceiptContent;
import org.opendmv.forms.api.ReceiptContent.Align;
import org.opendmv.forms.api.ReceiptData;

public class ReceiptTest {
    private static final LocalDateTime WHEN = LocalDateTime.of(2026, 11, 24, 10, 5, 9);

    @Test
    public void paidReceipt() {
        ReceiptContent r = new FormsComponent().receipt(new ReceiptData(Samples.SERIAL, "驾驶证期满换证", 1000,
                "OD20261124K001000042", WHEN, "K001", "测试用户", Samples.ID));
        List<String> t = r.texts();
        assertEquals("车管所自助业务受理凭条", t.get(0));
        assertEquals(Align.CENTER, r.lines().get(0).align());
        assertTrue(r.lines().get(0).bold());
        assertTrue(t.contains("业务：驾驶证期满换证"));
        assertTrue(t.contains("流水号：" + Samples.SERIAL));
        assertTrue(t.contains("金额：¥10.00"));
        assertTrue(t.contains("时间：2026-11-24 10:05:09"));
        assertTrue(t.contains("自助机：K001"));
        assertTrue(t.contains("申请人：测**户"));
        assertTrue(t.contains("身份证号：110101********001X"));
        assertTrue(String.join("", t).contains("支付单号：OD20261124K001000042"));
        assertEquals(Samples.SERIAL, r.qrPayload());
        for (String line : t) {
            assertFalse("full ID never printed", line.contains(Samples.ID));
            assertFalse("full name never printed", line.contains("测试用户"));
        }
    }

    @Test
    public void feesAndFreeBusinesses() {
        assertEquals("¥10.00", ReceiptRenderer.fee(1000));
        assertEquals("¥105.00", ReceiptRenderer.fee(10500));
        assertEquals("¥0.05", ReceiptRenderer.fee(5));
        assertEquals("¥0.00", ReceiptRenderer.fee(0));
        ReceiptContent r = new FormsComponent().receipt(new ReceiptData(Samples.SERIAL, "延期换证", 0, null, WHEN, null));
        assertTrue(r.texts().contains("金额：¥0.00（免费）"));
        assertFalse(String.join("", r.texts()).contains("支付单号"));
        assertFalse(String.join("", r.texts()).contains("申请人"));
    }

    @Test
    public void masks() {
        assertEquals("测**户", ReceiptRenderer.maskName("测试用户"));
        assertEquals("张*", ReceiptRenderer.maskName("张三"));
        assertEquals("*", ReceiptRenderer.maskName("张"));
        assertEquals("欧*明", ReceiptRenderer.maskName("欧阳明"));
        assertEquals("110101********001X", ReceiptRenderer.maskId(Samples.ID));
        assertEquals("110101********001X", ReceiptRenderer.maskId("110101********001X"));
        assertEquals("****", ReceiptRenderer.maskId("12345"));
    }

    @Test
    public void linesFitThePaperWidth() {
        ReceiptContent r = new FormsComponent().receipt(new ReceiptData(Samples.SERIAL, "免检车辆申领检验合格标志（非营运小型微型载客汽车）",
                0, "0123456789012345678901234567890123", WHEN, "K001"));
        for (String line : r.texts()) {
            int cols = line.codePoints().map(ReceiptRenderer::columns).sum();
            assertTrue(line + " = " + cols, cols <= 32);
        }
        Settings wide = new Settings(List.of(), null, "示例车管所", "受理凭条", "https://dmv.example/s?serial={serial}", 48, "");
        ReceiptContent w = new ReceiptRenderer(wide).render(new ReceiptData(Samples.SERIAL, "补领机动车号牌", 10500, null, WHEN, "K001"));
        assertEquals("-".repeat(48), w.texts().get(2));
        assertEquals("示例车管所", w.texts().get(1));
        assertEquals("https://dmv.example/s?serial=" + Samples.SERIAL, w.qrPayload());
    }

    @Test
    public void badReceiptData() {
        try {
            new ReceiptData(" ", "x", 0, null, WHEN, null);
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("serial"));
        }
        try {
            new ReceiptData(Samples.SERIAL, "x", -1, null, WHEN, null);
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("feeFen"));
        }
        assertEquals("ReceiptData[" + Samples.SERIAL + "]",
                new ReceiptData(Samples.SERIAL, "x", 0, null, WHEN, null, "测试用户", Samples.ID).toString());
    }
}
