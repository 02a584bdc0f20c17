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
import org.opendmv.forms.api.BoxDef;
import org.opendmv.forms.api.FilledForm;
import org.opendmv.forms.api.FormLayout;
import org.opendmv.forms.api.OfficialForms;

/**
 * The pure layout model: which boxes, which of them ticked — for the tick sets of all 12 businesses
 * (as their descriptors resolve them, see {@link Samples.Sample}); and the published layouts.
 */
public class FormModelTest {

    /** Business code → its form, the reason used in the test, and the ticked box ids of the business block. */
    private static final Map<String, Object[]> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("dl-renewal-postpone", new Object[] {OfficialForms.DRIVER_LICENCE, "abroad",
                Set.of("dl.business.postpone-renewal", "dl.reason.postpone.abroad")});
        EXPECTED.put("dl-downgrade", new Object[] {OfficialForms.DRIVER_LICENCE, null, Set.of("dl.business.downgrade")});
        EXPECTED.put("dl-medical-postpone", new Object[] {OfficialForms.DRIVER_LICENCE, "military",
                Set.of("dl.business.postpone-medical", "dl.reason.postpone.military")});
        EXPECTED.put("dl-review-postpone", new Object[] {OfficialForms.DRIVER_LICENCE, "other",
                Set.of("dl.business.postpone-review", "dl.reason.postpone.other")});
        EXPECTED.put("dl-renewal", new Object[] {OfficialForms.DRIVER_LICENCE, null, Set.of("dl.business.renewal")});
        EXPECTED.put("dl-replace-lost", new Object[] {OfficialForms.DRIVER_LICENCE, "lost",
                Set.of("dl.business.replace", "dl.reason.replace.lost")});
        EXPECTED.put("dl-cancel", new Object[] {OfficialForms.DRIVER_LICENCE, "self",
                Set.of("dl.business.cancel", "dl.reason.cancel.self")});
        EXPECTED.put("mv-inspection-sticker", new Object[] {OfficialForms.VEHICLE_PLATE, "elsewhere",
                Set.of("vp.sticker.apply", "vp.sticker.apply.elsewhere")});
        EXPECTED.put("mv-licence-replace", new Object[] {OfficialForms.VEHICLE_PLATE, "destroyed",
                Set.of("vp.licence.replace", "vp.licence.replace.destroyed")});
        EXPECTED.put("mv-licence-exchange", new Object[] {OfficialForms.VEHICLE_PLATE, null, Set.of("vp.licence.exchange")});
        EXPECTED.put("mv-plate-replace", new Object[] {OfficialForms.VEHICLE_PLATE, "lost",
                Set.of("vp.plate.replace", "vp.plate.replace.lost", "vp.plate.replace.front", "vp.plate.replace.back")});
        EXPECTED.put("mv-plate-exchange", new Object[] {OfficialForms.VEHICLE_PLATE, null,
                Set.of("vp.plate.exchange", "vp.plate.exchange.front", "vp.plate.exchange.back")});
    }

    static java.util.Set<String> codes() {
        return EXPECTED.keySet();
    }

    static FilledForm data(String code, String reason) {
        Samples.Sample b = code.startsWith("dl-") ? Samples.driver(code) : Samples.vehicle(code);
        return b.reason(reason).plateSide(code.startsWith("mv-plate-") ? "both" : null).build();
    }

    private static Set<String> ticked(List<FormBox> boxes) {
        return boxes.stream().filter(FormBox::ticked).map(FormBox::id).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    public void everyBusinessHasItsFormAndTicksExactlyItsBoxes() {
        assertEquals(12, EXPECTED.size());
        for (Map.Entry<String, Object[]> e : EXPECTED.entrySet()) {
            String code = e.getKey();
            FilledForm d = data(code, (String) e.getValue()[1]);
            assertEquals(code, e.getValue()[0], d.kind());
            assertEquals(code, new TreeSet<>((Set<?>) e.getValue()[2]), ticked(FormModel.boxes(d)));
        }
    }

    @Test
    public void exactlyOneBusinessTypeTickedPerForm() {
        for (String code : EXPECTED.keySet()) {
            FilledForm d = data(code, (String) EXPECTED.get(code)[1]);
            String group = d.kind().equals(OfficialForms.DRIVER_LICENCE) ? "申请业务种类" : null;
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
            {"mv-inspection-sticker", "local", "vp.sticker.apply.local"},
            {"mv-licence-replace", "lost", "vp.licence.replace.lost"},
            {"mv-plate-replace", "destroyed", "vp.plate.replace.destroyed"},
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
        FilledForm front = Samples.vehicle("mv-plate-exchange").reason(null).plateSide("front").build();
        assertEquals(Set.of("vp.plate.exchange", "vp.plate.exchange.front"), ticked(FormModel.boxes(front)));
        FilledForm back = Samples.vehicle("mv-plate-replace").reason("lost").plateSide("back").build();
        assertEquals(Set.of("vp.plate.replace", "vp.plate.replace.lost", "vp.plate.replace.back"), ticked(FormModel.boxes(back)));
    }

    @Test
    public void downgradeTargetClassIsFilledIn() {
        FilledForm d = Samples.driver("dl-downgrade").targetClass("C2").build();
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
    public void boxesAndFieldsOutsideTheLayoutAreRefused() {
        FormsComponent forms = new FormsComponent();
        String[][] bad = {{"box 'vp.cert.replace' is not on form 'driver-licence'", "box"},
            {"field 'vehicle.plateNumber' is not on form 'driver-licence'", "field"},
            {"row 'kiosk.temp-plate' is not on form 'driver-licence'", "row"}};
        for (String[] b : bad) {
            FilledForm.Builder f = Samples.driver("dl-renewal").builder();
            switch (b[1]) {
                case "box" -> f.tick("vp.cert.replace");
                case "field" -> f.value("vehicle.plateNumber", "京A12345");
                default -> f.row("kiosk.temp-plate");
            }
            try {
                forms.boxes(f.build());
                fail(b[0]);
            } catch (IllegalArgumentException e) {
                assertEquals(b[0], e.getMessage());
            }
        }
        try {
            forms.boxes(Samples.driver("dl-renewal").builder().value("applicant.mobile", "1".repeat(61)).build());
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("applicant.mobile is too long (61 characters, at most 60)", e.getMessage());
            assertFalse("the value is not echoed", e.getMessage().contains("111"));
        }
        try {
            forms.boxes(FilledForm.builder(Samples.SERIAL, "acme-permit").value("applicant.name", "测试用户")
                    .value("applicant.idNumber", Samples.ID).build());
            fail();
        } catch (IllegalStateException e) {
            assertEquals("form template 'acme-permit' is not installed", e.getMessage());
        }
    }

    @Test
    public void theTempPlateRowIsPrintedOnlyOnRequest() {
        FormsComponent forms = new FormsComponent();
        assertTrue(forms.boxes(Samples.vehicle("mv-plate-replace").build()).stream().anyMatch(b -> b.id().equals("kiosk.temp-plate.yes")));
        assertFalse(forms.boxes(Samples.vehicle("mv-licence-replace").build()).stream()
                .anyMatch(b -> b.id().startsWith("kiosk.temp-plate")));
    }

    @Test
    public void theModelDrawsExactlyThePublishedBoxesInTheirOrder() {
        for (String kind : OfficialForms.ids()) {
            FormLayout layout = OfficialForms.layout(kind).orElseThrow();
            FilledForm.Builder b = FilledForm.builder(Samples.SERIAL, kind).value("applicant.name", "测试用户")
                    .value("applicant.idNumber", Samples.ID);
            if (kind.equals(OfficialForms.VEHICLE_PLATE)) {
                b.row("kiosk.temp-plate");
            }
            FilledForm withRow = b.build();
            List<String> drawn = FormModel.allBoxes(withRow).stream().map(FormBox::id).toList();
            assertEquals(kind, layout.boxIds(), drawn);
            for (FormBox box : FormModel.allBoxes(withRow)) {
                BoxDef def = layout.box(box.id()).orElseThrow();
                assertEquals(def.label(), box.label());
                assertEquals(def.group(), box.group());
            }
        }
    }

    @Test
    public void codesStandForTheirBoxes() {
        FormLayout dl = OfficialForms.layout(OfficialForms.DRIVER_LICENCE).orElseThrow();
        assertEquals(List.of("dl.business.renewal"), dl.expand("CA"));
        assertEquals(List.of("dl.business.replace", "dl.reason.replace.other"), dl.expand("CZ"));
        assertEquals(List.of("dl.business.cancel", "dl.reason.cancel.incapacity"), dl.expand("GO"));
        assertEquals(List.of("dl.business.postpone-medical"), dl.expand("SC"));
        assertEquals(List.of("dl.business.restore", "dl.restore.medical"), dl.expand("UB"));
        assertEquals(List.of("dl.mode.self"), dl.expand("dl.mode.self"));
        assertTrue(dl.expand("XX").isEmpty());
        assertEquals(21, dl.codes().size());
        FormLayout vp = OfficialForms.layout(OfficialForms.VEHICLE_PLATE).orElseThrow();
        assertEquals(List.of("vp.cert.replace"), vp.box("vp.cert.replace.notobtained").orElseThrow().parents());
        assertEquals(BoxDef.Kind.BUSINESS, vp.box("vp.cert.replace").orElseThrow().kind());
        assertEquals("form.plateNumber|vehicle.plate", vp.field("vehicle.plateNumber").orElseThrow().defaultSource());
        assertEquals(3, dl.box("dl.reason.postpone.other").orElseThrow().parents().size());
    }
}
