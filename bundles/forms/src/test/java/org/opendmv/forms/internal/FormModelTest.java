package org.opendmv.forms.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.Test;
import org.opendmv.forms.api.FormBox;
import org.opendmv.forms.api.FormData;
import org.opendmv.forms.api.FormKind;

/** The pure layout model: which form, which boxes, which of them ticked — for all 12 businesses. */
public class FormModelTest {

    /** Business code → its form, the reason used in the test, and the ticked box ids of the business block. */
    private static final Map<String, Object[]> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("dl-renewal-postpone", new Object[] {FormKind.DRIVER_LICENCE, "abroad",
                Set.of("dl.business.postpone-renewal", "dl.reason.postpone.abroad")});
        EXPECTED.put("dl-downgrade", new Object[] {FormKind.DRIVER_LICENCE, null, Set.of("dl.business.downgrade")});
        EXPECTED.put("dl-medical-postpone", new Object[] {FormKind.DRIVER_LICENCE, "military",
                Set.of("dl.business.postpone-medical", "dl.reason.postpone.military")});
        EXPECTED.put("dl-review-postpone", new Object[] {FormKind.DRIVER_LICENCE, "other",
                Set.of("dl.business.postpone-review", "dl.reason.postpone.other")});
        EXPECTED.put("dl-renewal", new Object[] {FormKind.DRIVER_LICENCE, null, Set.of("dl.business.renewal")});
        EXPECTED.put("dl-replace-lost", new Object[] {FormKind.DRIVER_LICENCE, "lost",
                Set.of("dl.business.replace", "dl.reason.replace.lost")});
        EXPECTED.put("dl-cancel", new Object[] {FormKind.DRIVER_LICENCE, "self",
                Set.of("dl.business.cancel", "dl.reason.cancel.self")});
        EXPECTED.put("mv-inspection-sticker", new Object[] {FormKind.VEHICLE_PLATE, "elsewhere",
                Set.of("vp.sticker.apply", "vp.sticker.apply.elsewhere")});
        EXPECTED.put("mv-licence-replace", new Object[] {FormKind.VEHICLE_PLATE, "destroyed",
                Set.of("vp.licence.replace", "vp.licence.replace.destroyed")});
        EXPECTED.put("mv-licence-exchange", new Object[] {FormKind.VEHICLE_PLATE, null, Set.of("vp.licence.exchange")});
        EXPECTED.put("mv-plate-replace", new Object[] {FormKind.VEHICLE_PLATE, "lost",
                Set.of("vp.plate.replace", "vp.plate.replace.lost", "vp.plate.replace.front", "vp.plate.replace.back")});
        EXPECTED.put("mv-plate-exchange", new Object[] {FormKind.VEHICLE_PLATE, null,
                Set.of("vp.plate.exchange", "vp.plate.exchange.front", "vp.plate.exchange.back")});
    }

    static FormData data(String code, String reason) {
        FormData.Builder b = code.startsWith("dl-") ? Samples.driver(code) : Samples.vehicle(code);
        return b.reason(reason).plateSide(code.startsWith("mv-plate-") ? "both" : null).build();
    }

    private static Set<String> ticked(List<FormBox> boxes) {
        return boxes.stream().filter(FormBox::ticked).map(FormBox::id).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    public void everyBusinessHasItsFormAndTicksExactlyItsBoxes() {
        assertEquals(12, EXPECTED.size());
        assertEquals(EXPECTED.keySet(), FormKind.businessCodes());
        for (Map.Entry<String, Object[]> e : EXPECTED.entrySet()) {
            String code = e.getKey();
            assertEquals(code, e.getValue()[0], FormKind.forBusiness(code).orElseThrow());
            FormData d = data(code, (String) e.getValue()[1]);
            assertEquals(code, new TreeSet<>((Set<?>) e.getValue()[2]), ticked(FormModel.boxes(d)));
        }
    }

    @Test
    public void exactlyOneBusinessTypeTickedPerForm() {
        for (String code : EXPECTED.keySet()) {
            FormData d = data(code, (String) EXPECTED.get(code)[1]);
            String group = d.kind() == FormKind.DRIVER_LICENCE ? "申请业务种类" : null;
            long n = FormModel.boxes(d).stream()
                    .filter(b -> b.ticked() && (group == null ? Set.of("号牌", "行驶证", "登记证书", "检验合格标志").contains(b.group())
                            : group.equals(b.group())))
                    .count();
            assertEquals(code, 1, n);
        }
    }

    @Test
    public void driverLicenceFormListsEveryBusinessTypeOfTheOfficialForm() {
        List<String> labels = FormModel.boxes(data("dl-renewal", null)).stream().filter(b -> b.group().equals("申请业务种类"))
                .map(FormBox::label).toList();
        assertEquals(List.of("初次申领", "增加准驾车型", "持军警驾驶证申领", "持境外驾驶证申领", "证件损毁换证", "转入换证", "有效期满换证",
                "达到规定年龄换证", "自愿降低准驾车型换证", "因身体条件变化降低准驾车型换证", "信息变化换证", "信息备案", "补证", "注销",
                "注销最高准驾车型", "注销实习准驾车型", "恢复驾驶资格", "延期换证", "延期审验", "延期提交身体条件证明"), labels);
    }

    @Test
    public void vehicleFormListsEveryItemOfTheOfficialForm() {
        List<String> items = FormModel.boxes(data("mv-licence-exchange", null)).stream()
                .filter(b -> Set.of("号牌", "行驶证", "登记证书", "检验合格标志").contains(b.group()))
                .map(b -> b.group() + b.label()).toList();
        assertEquals(List.of("号牌补领", "号牌换领", "行驶证补领", "行驶证换领", "登记证书申领", "登记证书补领", "登记证书换领",
                "检验合格标志申请", "检验合格标志补领", "检验合格标志换领"), items);
    }

    @Test
    public void everyReasonValueTicksItsBox() {
        String[][] cases = {
            {"dl-renewal-postpone", "military", "dl.reason.postpone.military"},
            {"dl-renewal-postpone", "other", "dl.reason.postpone.other"},
            {"dl-medical-postpone", "abroad", "dl.reason.postpone.abroad"},
            {"dl-review-postpone", "military", "dl.reason.postpone.military"},
            {"dl-review-postpone", "abroad", "dl.reason.postpone.abroad"},
            {"dl-replace-lost", "other", "dl.reason.replace.other"},
            {"dl-replace-lost", "丢失", "dl.reason.replace.lost"},
            {"mv-inspection-sticker", "local", "vp.sticker.apply.local"},
            {"mv-licence-replace", "lost", "vp.licence.replace.lost"},
            {"mv-plate-replace", "destroyed", "vp.plate.replace.destroyed"},
            {"mv-plate-replace", "灭失", "vp.plate.replace.destroyed"},
        };
        for (String[] c : cases) {
            Set<String> on = ticked(FormModel.boxes(data(c[0], c[1])));
            assertTrue(c[0] + " " + c[1] + " " + on, on.contains(c[2]));
            assertEquals(c[0] + " " + c[1] + " " + on, 1, on.stream().filter(id -> id.contains(".reason.") || id.matches(
                    "vp\\.(plate|licence)\\.replace\\.(lost|destroyed)|vp\\.sticker\\.apply\\.(local|elsewhere)")).count());
        }
    }

    @Test
    public void defaultsWithoutAReason() {
        // the kiosk only cancels on the holder's own application; a lost-licence replacement is for 丢失
        assertTrue(ticked(FormModel.boxes(data("dl-cancel", null))).contains("dl.reason.cancel.self"));
        assertTrue(ticked(FormModel.boxes(data("dl-replace-lost", null))).contains("dl.reason.replace.lost"));
        // a postponement without a reason ticks none rather than guessing
        assertEquals(Set.of("dl.business.postpone-renewal"), ticked(FormModel.boxes(data("dl-renewal-postpone", null))));
    }

    @Test
    public void plateSides() {
        FormData front = Samples.vehicle("mv-plate-exchange").reason(null).plateSide("front").build();
        assertEquals(Set.of("vp.plate.exchange", "vp.plate.exchange.front"), ticked(FormModel.boxes(front)));
        FormData back = Samples.vehicle("mv-plate-replace").reason("lost").plateSide("back").build();
        assertEquals(Set.of("vp.plate.replace", "vp.plate.replace.lost", "vp.plate.replace.back"), ticked(FormModel.boxes(back)));
    }

    @Test
    public void downgradeTargetClassIsFilledIn() {
        FormData d = Samples.driver("dl-downgrade").targetClass("C2").build();
        boolean found = FormModel.rows(d).stream().flatMap(r -> r.items().stream())
                .filter(i -> i instanceof FormModel.Group).flatMap(i -> ((FormModel.Group) i).items().stream())
                .anyMatch(i -> i instanceof FormModel.Fill f && "C2".equals(f.value()));
        assertTrue(found);
    }

    @Test
    public void applicationModeAndKioskRows() {
        List<FormBox> all = new FormsComponent().boxes(Samples.driver("dl-renewal").delivery("mail").build());
        Set<String> on = ticked(all);
        assertTrue(on.contains("dl.mode.self"));
        assertTrue(on.contains("kiosk.delivery.mail"));
        assertFalse(on.contains("kiosk.delivery.onsite"));
        Set<String> vp = ticked(new FormsComponent().boxes(Samples.vehicle("mv-plate-replace").tempPlate(false).build()));
        assertTrue(vp.contains("kiosk.temp-plate.no"));
        assertFalse(vp.stream().anyMatch(id -> id.startsWith("dl.")));
    }

    @Test
    public void unknownValuesAreRefused() {
        String[][] bad = {{"dl-renewal-postpone", "holiday"}, {"dl-replace-lost", "stolen"}, {"mv-licence-replace", "other"},
            {"mv-inspection-sticker", "moon"}, {"dl-cancel", "bored"}};
        for (String[] b : bad) {
            try {
                FormModel.boxes(data(b[0], b[1]));
                fail(b[0] + " " + b[1]);
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().startsWith("unknown reason"));
                assertFalse("the value is not echoed", e.getMessage().contains(b[1]));
            }
        }
        try {
            FormModel.boxes(Samples.vehicle("mv-plate-exchange").reason(null).plateSide("left").build());
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("plateSide"));
        }
        try {
            FormModel.allBoxes(Samples.driver("dl-renewal").delivery("drone").build());
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("delivery"));
        }
    }
}
