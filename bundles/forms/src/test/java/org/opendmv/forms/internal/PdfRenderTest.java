package org.opendmv.forms.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.junit.Test;
import org.opendmv.forms.api.FormBox;
import org.opendmv.forms.api.FilledForm;
import org.opendmv.forms.api.OfficialForms;

/** The real PDFs: text, ticks, photo, QR code, font, bad input. */
public class PdfRenderTest {
    private final FormsComponent forms = new FormsComponent();

    private static void refused(String expected, Supplier<?> s) {
        try {
            s.get();
            fail("accepted; expected: " + expected);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(expected));
        }
    }

    @Test
    public void everyBusinessPrintsItsTicksNextToTheRightLabels() {
        for (String code : FormModelTest.codes()) {
            Object[] expected = expectedFor(code);
            FilledForm d = FormModelTest.data(code, (String) expected[1]);
            byte[] pdf = forms.render(d);
            String text = Pdfs.compact(pdf);
            assertTrue(code, text.contains(OfficialForms.layout(d.kind()).orElseThrow().title()));
            for (FormBox b : forms.boxes(d)) {
                String mark = (b.ticked() ? "√" : "□") + b.label();
                assertTrue(code + ": " + mark, text.contains(mark));
            }
            // the ticks in the text are exactly those of the model
            long ticksInText = text.chars().filter(c -> c == '√').count();
            long ticksInModel = forms.boxes(d).stream().filter(FormBox::ticked).count();
            assertEquals(code, ticksInModel, ticksInText);
        }
    }

    private static Object[] expectedFor(String code) {
        try {
            java.lang.reflect.Field f = FormModelTest.class.getDeclaredField("EXPECTED");
            f.setAccessible(true);
            return (Object[]) ((java.util.Map<?, ?>) f.get(null)).get(code);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    public void applicantFieldsArePrinted() {
        byte[] pdf = forms.render(Samples.driver("dl-downgrade").targetClass("C2").build());
        String text = Pdfs.compact(pdf);
        for (String s : new String[] {Samples.SERIAL, "测试用户", Samples.ID, "男", "1990年03月07日", "中国", "居民身份证",
            "北京市东城区示例街道测试胡同88号院3号楼2单元501室", "13800000000", "010-00000000", "100010", "test@example.com",
            "110100000001", "准驾车型C1", "申请的准驾车型代号C2", "2026年11月24日", "K001", "申告"}) {
            assertTrue(s, text.contains(s));
        }
        String vp = Pdfs.compact(forms.render(Samples.vehicle("mv-plate-replace").build()));
        for (String s : new String[] {"机动车牌证申请表", "测试用户", Samples.ID, "京A12345", "小型汽车", "0042", "13800000000",
            "100010", "机动车所有人", "代理人", "√申领"}) {
            assertTrue(s, vp.contains(s));
        }
    }

    @Test
    public void onePageA4WithAnEmbeddedSubsetFont() throws IOException {
        for (byte[] pdf : new byte[][] {forms.render(Samples.driver("dl-renewal").build()),
            forms.render(Samples.vehicle("mv-licence-replace").build())}) {
            try (PDDocument doc = Loader.loadPDF(pdf)) {
                assertEquals(1, doc.getNumberOfPages());
                PDRectangle box = doc.getPage(0).getMediaBox();
                assertEquals(PDRectangle.A4.getWidth(), box.getWidth(), 0.1);
                assertEquals(PDRectangle.A4.getHeight(), box.getHeight(), 0.1);
                PDResources res = doc.getPage(0).getResources();
                int fonts = 0;
                for (COSName n : res.getFontNames()) {
                    PDFont f = res.getFont(n);
                    fonts++;
                    assertTrue(f.getName(), f.isEmbedded());
                    assertTrue("subset prefix: " + f.getName(), f.getName().matches("[A-Z]{6}\\+.+"));
                }
                assertEquals(1, fonts);
            }
            assertTrue("small: " + pdf.length, pdf.length < 300 * 1024);
        }
    }

    @Test
    public void photoIsEmbeddedOnTheDriverLicenceFormOnly() {
        List<PDImageXObject> dl = Pdfs.images(forms.render(Samples.driver("dl-renewal").build()));
        assertTrue(dl.stream().anyMatch(i -> i.getWidth() == 260 && i.getHeight() == 378 && "jpg".equals(i.getSuffix())));
        assertTrue("signature too", dl.stream().anyMatch(i -> i.getWidth() == 600 && i.getHeight() == 200));
        List<PDImageXObject> noPhoto = Pdfs.images(forms.render(Samples.driver("dl-cancel").photoJpeg(null).signaturePng(null).build()));
        assertTrue(noPhoto.isEmpty());
        assertTrue(Pdfs.compact(forms.render(Samples.driver("dl-cancel").photoJpeg(null).build())).contains("照片"));
        // a vehicle form has no photo box: a photo handed over anyway is not printed
        List<PDImageXObject> vp = Pdfs.images(forms.render(Samples.vehicle("mv-plate-replace").photoJpeg(Samples.photo()).build()));
        assertFalse(vp.stream().anyMatch(i -> "jpg".equals(i.getSuffix())));
    }

    @Test
    public void qrCodeDecodesToTheSerial() throws Exception {
        for (FilledForm d : new FilledForm[] {Samples.driver("dl-renewal").build(), Samples.vehicle("mv-plate-exchange").reason(null).build()}) {
            BufferedImage page = Pdfs.page(forms.render(d), 150);
            // the QR code sits in the top-right corner
            BufferedImage corner = page.getSubimage(page.getWidth() * 3 / 4, 0, page.getWidth() / 4, page.getHeight() / 8);
            assertEquals(Samples.SERIAL, Pdfs.decodeQr(corner));
            assertEquals(Samples.SERIAL, Pdfs.decodeQr(page));
        }
    }

    /**
     * An independent reader: poppler's pdftoppm (what the official-looking samples in docs/forms are
     * rendered with) turns both forms into PNG pages; the QR code read off its page is the serial.
     * The PNGs are left in target/forms-png to look at.
     */
    @Test
    public void popplerRendersBothFormsLegibly() throws Exception {
        java.nio.file.Path out = java.nio.file.Path.of("target", "forms-png");
        java.nio.file.Files.createDirectories(out);
        String[][] forms2 = {{"driver-licence", "dl-renewal"}, {"vehicle-plate", "mv-plate-replace"}};
        for (String[] f : forms2) {
            FilledForm d = f[1].startsWith("dl-") ? Samples.driver(f[1]).build() : Samples.vehicle(f[1]).build();
            java.nio.file.Path pdf = out.resolve(f[0] + ".pdf");
            java.nio.file.Files.write(pdf, forms.render(d));
            Process p;
            try {
                p = new ProcessBuilder("pdftoppm", "-r", "100", "-png", "-singlefile", pdf.toString(), out.resolve(f[0]).toString())
                        .redirectErrorStream(true).start();
            } catch (IOException e) {
                throw new AssertionError("pdftoppm is missing: apt-get install -y poppler-utils (./kiosk test installs it)", e);
            }
            String msg = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(msg, 0, p.waitFor());
            BufferedImage page = javax.imageio.ImageIO.read(out.resolve(f[0] + ".png").toFile());
            assertEquals("A4 at 100 dpi", 827, page.getWidth(), 2);
            assertEquals(Samples.SERIAL, Pdfs.decodeQr(page));
        }
    }

    @Test
    public void longestAddressWrapsInsideItsCell() {
        String address = "新疆维吾尔自治区" + "示例地区示例县示例乡镇示例村民委员会第十二村民小组".repeat(5);
        address = address.substring(0, FilledForm.MAX_ADDRESS);
        byte[] pdf = forms.render(Samples.driver("dl-renewal").address(address).build());
        String text = Pdfs.compact(pdf);
        assertTrue(text.contains(address.substring(0, 30)));
        assertTrue(text.contains("有效期满换证"));
    }

    @Test
    public void badInputIsRefusedBeforeAnyPdf() {
        byte[] fakeJpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0x00, 0x01, 0x02, 0x03, 0x04};
        refused("photoJpeg cannot be", () -> forms.render(Samples.driver("dl-renewal").photoJpeg(fakeJpeg).build()));
        byte[] fakePng = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0};
        refused("signaturePng cannot be decoded", () -> forms.render(Samples.driver("dl-renewal").signaturePng(fakePng).build()));
        refused("box 'dl.reason.replace.stolen' is not on form", () -> forms.render(Samples.driver("dl-replace-lost").builder()
                .tick("dl.reason.replace.stolen").build()));
        refused("serial is missing", () -> forms.render(FilledForm.builder(null, "driver-licence").build()));
    }

    @Test
    public void charactersTheFontLacksBecomeQuestionMarks() {
        // U+2A6D6 (CJK Extension B) and an emoji are not in WenQuanYi Zen Hei
        String name = "测试\uD869\uDED6用户\uD83D\uDE00";
        byte[] pdf = forms.render(Samples.driver("dl-renewal").applicantName(name).build());
        assertTrue(Pdfs.compact(pdf).contains("测试?用户?"));
    }

    @Test
    public void missingFontNamesThePackage() {
        FormsComponent noFont = new FormsComponent(Settings.defaults().withFonts(List.of("/nonexistent/font.ttc")));
        try {
            noFont.render(Samples.driver("dl-renewal").build());
            fail();
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("fonts-wqy-zenhei"));
            assertTrue(e.getMessage(), e.getMessage().contains("/nonexistent/font.ttc (not found)"));
            assertTrue(e.getMessage(), e.getMessage().contains("org.opendmv.forms"));
        }
        // the pure model still works without a font
        assertFalse(noFont.boxes(Samples.driver("dl-renewal").build()).isEmpty());
    }

    @Test
    public void cffFontsAreSkippedWithAReason() {
        String noto = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
        assumeTrue("fonts-noto-cjk installed", new File(noto).isFile());
        try {
            CjkFont.open(List.of(noto), null).close();
            fail("Noto Sans CJK (CFF) accepted");
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("CFF"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        // listed before a usable font, it is skipped
        FormsComponent f = new FormsComponent(Settings.defaults().withFonts(List.of(noto, CjkFont.DEFAULT_PATHS[0])));
        assertNotNull(f.render(Samples.driver("dl-renewal").build()));
    }

    @Test
    public void officeNameIsPrintedWhenConfigured() {
        FormsComponent f = new FormsComponent(Settings.defaults().withOffice("示例市公安局交通警察支队车辆管理所"));
        assertTrue(Pdfs.compact(f.render(Samples.vehicle("mv-licence-exchange").reason(null).build()))
                .contains("示例市公安局交通警察支队车辆管理所"));
    }
}
