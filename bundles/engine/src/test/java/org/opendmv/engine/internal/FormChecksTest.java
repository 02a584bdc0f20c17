package org.opendmv.engine.internal;

import org.opendmv.business.descriptor.DescriptorParser;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.engine.api.InvalidBusiness;
import org.opendmv.forms.api.BoxDef;
import org.opendmv.forms.api.FieldDef;
import org.opendmv.forms.api.FormLayout;
import org.opendmv.forms.api.FormTemplate;
import org.opendmv.forms.api.OfficialForms;

/** Deploy-time form checks, and what a visit's answers tick (print.*). */
public class FormChecksTest {

    private static final String HEAD = "{\"code\": \"acme-cert\", \"name\": {\"zh-CN\": \"补领登记证书\", \"en\": \"Replace a certificate\"},"
            + " \"category\": \"motor-vehicle\", \"steps\": [\"IDENTIFY\", \"FORM\", \"SIGN\", \"PAY\", \"RECEIPT\"],"
            + " \"fields\": [{\"name\": \"reason\", \"type\": \"CHOICE\", \"required\": true, \"options\": [\"lost\", \"destroyed\", \"notobtained\"]},"
            + " {\"name\": \"phone\", \"type\": \"MOBILE\", \"required\": true},"
            + " {\"name\": \"address\", \"type\": \"ADDRESS\", \"required\": true%s}], \"feeFen\": 1000";

    static BusinessDescriptor parse(String json) {
        DescriptorParser.Parsed p = new DescriptorParser().parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        assertNotNull(String.valueOf(p.problems), p.descriptor);
        return p.descriptor;
    }

    static String descriptor(String form) {
        return descriptor(form, ", \"maxLength\": 70");
    }

    static String descriptor(String form, String addressExtra) {
        return String.format(HEAD, addressExtra) + (form == null ? "" : ", \"form\": " + form) + "}";
    }

    private static final String GOOD = "{\"kind\": \"vehicle-plate\", \"tick\": [\"vp.cert.replace\"],"
            + " \"tickByAnswer\": {\"reason\": {\"lost\": [\"vp.cert.replace.lost\"], \"destroyed\": [\"vp.cert.replace.destroyed\"],"
            + " \"notobtained\": [\"vp.cert.replace.notobtained\"]}}, \"fill\": {\"applicant.mobile\": \"form.phone\"}}";

    static List<String> problems(String json) {
        return FormChecks.problems(parse(json), OfficialForms::layout, List.copyOf(new java.util.TreeSet<>(OfficialForms.ids())));
    }

    @Test
    public void theTwelveBusinessesAndABusinessOutsideThemPass() throws IOException {
        assertEquals(List.of(), problems(descriptor(GOOD)));
        File plugins = new File("../../business-plugins");
        int n = 0;
        for (File module : plugins.listFiles()) {
            File dir = new File(module, "src/main/resources/OSGI-INF/business");
            File[] files = dir.listFiles((d, name) -> name.endsWith(".json"));
            for (File f : files == null ? new File[0] : files) {
                assertEquals(f.getName(), List.of(), problems(Files.readString(f.toPath())));
                n++;
            }
        }
        assertEquals(12, n);
    }

    @Test
    public void everyFormProblemIsReportedWithItsPlace() {
        String[][] cases = {
            {"{\"kind\": \"vehicle-plate\", \"tick\": [\"vp.cert.replase\"]}",
                "form.tick: 'vp.cert.replase' is not a box or code of form 'vehicle-plate' (did you mean 'vp.cert.replace'?)"},
            {"{\"kind\": \"vehicle-plate\", \"tick\": [\"vp.cert.replace.lost\"]}",
                "form.tick ticks no business box of form 'vehicle-plate' (e.g. 'vp.plate.replace')"},
            {"{\"kind\": \"vehicle-plate\", \"tick\": [\"vp.cert.apply\", \"vp.cert.replace.lost\"]}",
                "form.tick: box 'vp.cert.replace.lost' is ticked without its business box (vp.cert.replace)"},
            {"{\"kind\": \"vehicle-plate\", \"tick\": [\"vp.cert.replace\"], \"tickByAnswer\": {\"phone\": {\"x\": []}}}",
                "form.tickByAnswer.phone: 'phone' is not a choice field (no options)"},
            {"{\"kind\": \"vehicle-plate\", \"tick\": [\"vp.cert.replace\"], \"tickByAnswer\": {\"colour\": {\"x\": []}}}",
                "form.tickByAnswer.colour: the business has no field 'colour'"},
            {"{\"kind\": \"vehicle-plate\", \"tick\": [\"vp.cert.replace\"], \"tickByAnswer\": {\"reason\": {\"lost\": [], \"destroyed\": [],"
                + " \"notobtained\": [], \"stolen\": []}}}",
                "form.tickByAnswer.reason.stolen: 'stolen' is not an option of 'reason' (options: lost, destroyed, notobtained)"},
            {"{\"kind\": \"vehicle-plate\", \"tick\": [\"vp.cert.replace\"], \"tickByAnswer\": {\"reason\": {\"lost\": [], \"destroyed\": []}}}",
                "form.tickByAnswer.reason does not say what to tick for option 'notobtained' (an empty list ticks nothing)"},
            {"{\"kind\": \"vehicle-plate\", \"tick\": [\"vp.cert.replace\"], \"fill\": {\"applicant.mobil\": \"form.phone\"}}",
                "form.fill: 'applicant.mobil' is not a field of form 'vehicle-plate' (did you mean 'applicant.mobile'?)"},
            {"{\"kind\": \"vehicle-plate\", \"tick\": [\"vp.cert.replace\"], \"fill\": {\"applicant.mobile\": \"form.telephone\"}}",
                "form.fill.applicant.mobile: source 'form.telephone' is neither form.<a field of this business> nor application data"
                + " (idcard.*, driver.*, vehicle.*)"},
            {"{\"kind\": \"acme-permit\", \"tick\": [\"x\"]}",
                "FORM_MISSING: form 'acme-permit' is not installed (installed: driver-licence, vehicle-plate); the business is read again"
                + " when a bundle provides it"},
            {"{\"kind\": \"driver-licence\", \"tick\": [\"SX\"]}",
                "form.tick: 'SX' is not a box or code of form 'driver-licence' (did you mean 'SA'?)"},
        };
        for (String[] c : cases) {
            List<String> p = problems(descriptor(c[0]));
            assertTrue(c[1] + "\n  got " + p, p.contains(c[1]));
        }
        // an address without maxLength (200) does not fit the form's 120
        List<String> p = problems(descriptor(GOOD, ""));
        assertEquals(List.of("form field 'applicant.address' holds at most 120 characters but its source form.address allows 200"
                + " (no maxLength): set the field's maxLength to 120 or less"), p);
        // a business that stores an application must name its form
        assertEquals(List.of("form is missing: a business that stores an application says which form it prints, e.g. "
                + "\"form\": {\"kind\": \"driver-licence\", \"tick\": [\"CA\"]}"), problems(descriptor(null)));
    }

    @Test
    public void theParserReportsAMisshapenFormSection() {
        DescriptorParser.Parsed p = new DescriptorParser().parse(new ByteArrayInputStream(descriptor(
                "{\"kind\": \"vehicle-plate\", \"tick\": \"vp.cert.replace\", \"boxes\": [], \"fill\": {\"applicant.mobile\": 3}}")
                .getBytes(StandardCharsets.UTF_8)));
        assertEquals(null, p.descriptor);
        assertTrue(p.problems.toString(), p.problems.contains("unknown key 'form.boxes'"));
        assertTrue(p.problems.toString(), p.problems.contains("form.tick must be a list of strings"));
        assertTrue(p.problems.toString(), p.problems.contains("form.fill.applicant.mobile must be a string"));
    }

    static final FormLayout PERMIT = new FormLayout("acme-permit", "示例通行许可申请表", false,
            List.of(BoxDef.business("acme.permit.apply", "申请事项", "申领通行证")),
            List.of(new FieldDef("applicant.name", "姓名", 40, "idcard.name"),
                    new FieldDef("applicant.idNumber", "身份证明号码", 18, "idcard.idNumber")), Map.of());

    @Test
    public void aBusinessWaitingForItsFormTemplateArrivesWithIt() {
        FormLayouts forms = new FormLayouts();
        Registry r = new Registry();
        r.addCheck((d, id) -> FormChecks.problems(d, forms::layout, forms.ids()));
        String json = descriptor("{\"kind\": \"acme-permit\", \"tick\": [\"acme.permit.apply\"]}");
        Registry.Resource res = new Registry.Resource() {
            @Override
            public String path() {
                return "/OSGI-INF/business/acme-cert.json";
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
            }
        };
        assertEquals(List.of(), r.addBundle(12, "acme.cert", "1.0.0", List.of(res)));
        InvalidBusiness inv = r.invalid().get(0);
        assertTrue(inv.problems().get(0), inv.problems().get(0).startsWith(FormChecks.FORM_MISSING));
        FormTemplate t = () -> PERMIT;
        forms.add(t);
        assertEquals(List.of("acme-cert"), r.retry(12, "acme.cert", "1.0.0", List.of(res), FormChecks.FORM_MISSING));
        assertEquals(List.of(), r.invalid());
        assertEquals("nothing more to retry", List.of(), r.retry(12, "acme.cert", "1.0.0", List.of(res), FormChecks.FORM_MISSING));
    }

    private static Map<String, Object> print(String json, Map<String, Object> answers) {
        BusinessDescriptor d = parse(json);
        return FormPrint.resolve(d, OfficialForms.layout(d.form().orElseThrow().kind()).orElseThrow(), answers);
    }

    private static String plugin(String code) throws IOException {
        return Files.readString(new File("../../business-plugins/" + code + "/src/main/resources/OSGI-INF/business/" + code + ".json")
                .toPath());
    }

    @Test
    public void answersTickTheirBoxesAndCodesExpand() throws IOException {
        Map<String, Object> a = new HashMap<>();
        a.put("form.reason", "notobtained");
        Map<String, Object> p = print(descriptor(GOOD), a);
        assertEquals("vehicle-plate", p.get("print.kind"));
        assertEquals(List.of("vp.cert.replace", "vp.cert.replace.notobtained"), p.get("print.ticked"));
        assertEquals("form.phone", ((Map<?, ?>) p.get("print.fields")).get("applicant.mobile"));
        assertEquals("form.plateNumber|vehicle.plate", ((Map<?, ?>) p.get("print.fields")).get("vehicle.plateNumber"));
        assertEquals(List.of(), p.get("print.rows"));

        // dl-replace-lost: other → CZ; unanswered → CF
        assertEquals(List.of("dl.business.replace", "dl.reason.replace.other", "kiosk.delivery.mail"),
                print(plugin("dl-replace-lost"), Map.of("form.reason", "other", "form.delivery", "mail")).get("print.ticked"));
        assertEquals(List.of("dl.business.replace", "dl.reason.replace.lost"), print(plugin("dl-replace-lost"), Map.of()).get("print.ticked"));
        // mv-plate-replace: both sides, a temporary plate, and the row that asks for it
        Map<String, Object> plate = print(plugin("mv-plate-replace"),
                Map.of("form.reason", "lost", "form.plateSide", "both", "form.tempPlate", "no"));
        assertEquals(List.of("vp.plate.replace", "vp.plate.replace.lost", "vp.plate.replace.front", "vp.plate.replace.back",
                "kiosk.temp-plate.no"), plate.get("print.ticked"));
        assertEquals(List.of("kiosk.temp-plate"), plate.get("print.rows"));
        // dl-review-postpone: SE and the detail of 其他
        Map<String, Object> review = print(plugin("dl-review-postpone"), Map.of("form.reason", "other"));
        assertEquals(List.of("dl.business.postpone-review", "dl.reason.postpone.other"), review.get("print.ticked"));
        assertEquals("form.reasonDetail", ((Map<?, ?>) review.get("print.fields")).get("dl.postpone.reasonDetail"));
        List<String> values = new ArrayList<>();
        ((Map<?, ?>) review.get("print.fields")).values().forEach(v -> values.add(String.valueOf(v)));
        assertTrue("sources only, never values: " + values, values.stream().allMatch(v -> v.matches("[a-zA-Z.|]+")));
    }
}
