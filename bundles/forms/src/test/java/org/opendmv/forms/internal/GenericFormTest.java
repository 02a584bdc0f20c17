package org.opendmv.forms.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.junit.Test;
import org.opendmv.forms.api.BoxDef;
import org.opendmv.forms.api.FieldDef;
import org.opendmv.forms.api.FilledForm;
import org.opendmv.forms.api.FormBox;
import org.opendmv.forms.api.FormLayout;
import org.opendmv.forms.api.FormTemplate;
import org.opendmv.forms.api.OfficialForms;

/** A form contributed as a {@link FormTemplate} service, drawn by the generic renderer. */
public class GenericFormTest {

    static final FormLayout PERMIT = new FormLayout("acme-permit", "示例通行许可申请表", true,
            List.of(BoxDef.business("acme.permit.apply", "申请事项", "申领通行证"),
                    BoxDef.business("acme.permit.renew", "申请事项", "延续通行证"),
                    BoxDef.reason("acme.permit.apply.school", "申领原因", "校车", "acme.permit.apply"),
                    BoxDef.reason("acme.permit.apply.freight", "申领原因", "货运", "acme.permit.apply"),
                    BoxDef.option("acme.sticker.yes", "电子标签", "需要", "acme.sticker"),
                    BoxDef.option("acme.sticker.no", "电子标签", "不需要", "acme.sticker")),
            List.of(new FieldDef("applicant.name", "姓名", 40, "idcard.name"),
                    new FieldDef("applicant.idNumber", "身份证明号码", 18, "idcard.idNumber"),
                    new FieldDef("applicant.mobile", "手机号码", 20, "form.mobile"),
                    new FieldDef("vehicle.plateNumber", "号牌号码", 12, "form.plateNumber|vehicle.plate"),
                    new FieldDef("acme.route", "通行路线", 60, null)),
            Map.of("TX", List.of("acme.permit.apply", "acme.permit.apply.school")));

    private static FormsComponent withTemplate(FormLayout layout) {
        FormsComponent forms = new FormsComponent();
        forms.addTemplate(() -> layout);
        return forms;
    }

    private static FilledForm.Builder permit() {
        return FilledForm.builder(Samples.SERIAL, "acme-permit").businessName("申领校车通行证").kioskId("K001")
                .date(java.time.LocalDate.of(2026, 11, 24)).value("applicant.name", "测试用户")
                .value("applicant.idNumber", Samples.ID).value("applicant.mobile", "13800000000")
                .value("vehicle.plateNumber", "京A12345").value("acme.route", "东三环至西二环")
                .tick("acme.permit.apply", "acme.permit.apply.freight").photoJpeg(Samples.photo()).signaturePng(Samples.signature());
    }

    @Test
    public void aTemplateFormIsDrawnWithItsTitleFieldsAndTicks() throws IOException {
        FormsComponent forms = withTemplate(PERMIT);
        byte[] pdf = forms.render(permit().build());
        File dir = new File("target/samples");
        dir.mkdirs();
        Files.write(new File(dir, "template-form-sample.pdf").toPath(), pdf);
        String text = Pdfs.compact(pdf);
        for (String s : new String[] {"示例通行许可申请表", Samples.SERIAL, "测试用户", Samples.ID, "13800000000", "京A12345",
            "通行路线东三环至西二环", "√申领通行证", "□延续通行证", "□校车", "√货运", "申请人签字", "2026年11月24日", "K001"}) {
            assertTrue(s + " in " + text, text.contains(s));
        }
        assertFalse("optional row not asked for", text.contains("电子标签"));
        assertEquals(2, text.chars().filter(c -> c == '√').count());
        List<PDImageXObject> images = Pdfs.images(pdf);
        assertTrue("photo", images.stream().anyMatch(i -> i.getWidth() == 260 && "jpg".equals(i.getSuffix())));
        assertTrue("signature", images.stream().anyMatch(i -> i.getWidth() == 600));
    }

    @Test
    public void boxesInPrintedOrderAndOptionalRowsOnRequest() {
        FormsComponent forms = withTemplate(PERMIT);
        List<String> ids = forms.boxes(permit().build()).stream().map(FormBox::id).toList();
        assertEquals(List.of("acme.permit.apply", "acme.permit.renew", "acme.permit.apply.school", "acme.permit.apply.freight"), ids);
        List<FormBox> withRow = forms.boxes(permit().row("acme.sticker").tick("acme.sticker.no").build());
        assertEquals(6, withRow.size());
        assertTrue(withRow.stream().anyMatch(b -> b.id().equals("acme.sticker.no") && b.ticked()));
        assertTrue(Pdfs.compact(forms.render(permit().row("acme.sticker").tick("acme.sticker.no").build())).contains("√不需要"));
    }

    @Test
    public void aTemplateThatLeavesCanNoLongerBeDrawnAndOfficialIdsStayOfficial() {
        FormsComponent forms = new FormsComponent();
        FormTemplate t = () -> PERMIT;
        forms.addTemplate(t);
        assertTrue(forms.layout("acme-permit").isPresent());
        forms.removeTemplate(t);
        try {
            forms.boxes(permit().build());
            fail();
        } catch (IllegalStateException e) {
            assertEquals("form template 'acme-permit' is not installed", e.getMessage());
        }
        FormLayout fake = new FormLayout(OfficialForms.DRIVER_LICENCE, "假表", false, List.of(), List.of(), Map.of());
        forms.addTemplate(() -> fake);
        assertEquals("机动车驾驶证申请表", forms.layout(OfficialForms.DRIVER_LICENCE).orElseThrow().title());
    }

    @Test
    public void aLayoutMustBeConsistent() {
        String[] expected = {"box a twice", "box b has an unknown parent x", "code C names an unknown box z"};
        Runnable[] bad = {
            () -> new FormLayout("t", "T", false, List.of(BoxDef.business("a", "g", "A"), BoxDef.business("a", "g", "A")), List.of(), Map.of()),
            () -> new FormLayout("t", "T", false, List.of(BoxDef.reason("b", "g", "B", "x")), List.of(), Map.of()),
            () -> new FormLayout("t", "T", false, List.of(BoxDef.business("a", "g", "A")), List.of(), Map.of("C", List.of("z"))),
        };
        for (int i = 0; i < bad.length; i++) {
            try {
                bad[i].run();
                fail(expected[i]);
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().contains(expected[i]));
            }
        }
    }
}
