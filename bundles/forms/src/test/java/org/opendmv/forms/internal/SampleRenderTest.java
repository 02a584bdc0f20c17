package org.opendmv.forms.internal;

import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;

import org.junit.Test;

/**
 * Renders the two sample forms (synthetic data) to target/samples; the docs/forms copies come from
 * these files ({@code pdftoppm -r 100 -png}).
 */
public class SampleRenderTest {

    @Test
    public void rendersBothSamples() throws IOException {
        File dir = new File("target/samples");
        dir.mkdirs();
        FormsComponent forms = new FormsComponent();
        byte[] dl = forms.render(Samples.driver("dl-renewal").build());
        byte[] vp = forms.render(Samples.vehicle("mv-plate-replace").build());
        Files.write(new File(dir, "driver-licence-form-sample.pdf").toPath(), dl);
        Files.write(new File(dir, "vehicle-plate-form-sample.pdf").toPath(), vp);
        String longAddress = ("新疆维吾尔自治区" + "示例地区示例县示例乡镇示例村民委员会第十二村民小组".repeat(5)).substring(0, 120);
        Files.write(new File(dir, "long-address.pdf").toPath(), forms.render(Samples.driver("dl-renewal-postpone")
                .reason("other").reasonDetail("在外地长期工作").address(longAddress).build()));
        assertTrue("under 300 KB: " + dl.length, dl.length < 300 * 1024);
        assertTrue("under 300 KB: " + vp.length, vp.length < 300 * 1024);
    }

    /** The published samples (docs/forms) still read the same: moving the tick sets to descriptors changed no form. */
    @Test
    public void theDocsSamplesAreUnchanged() throws IOException {
        FormsComponent forms = new FormsComponent();
        File docs = new File("../../docs/forms");
        String dl = Pdfs.compact(Files.readAllBytes(new File(docs, "driver-licence-form-sample.pdf").toPath()));
        String vp = Pdfs.compact(Files.readAllBytes(new File(docs, "vehicle-plate-form-sample.pdf").toPath()));
        org.junit.Assert.assertEquals(dl, Pdfs.compact(forms.render(Samples.driver("dl-renewal").build())));
        org.junit.Assert.assertEquals(vp, Pdfs.compact(forms.render(Samples.vehicle("mv-plate-replace").build())));
    }
}
