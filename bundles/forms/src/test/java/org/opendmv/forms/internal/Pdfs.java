package org.opendmv.forms.internal;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.graphics.PDXObject;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.ChecksumException;
import com.google.zxing.FormatException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

/** Reading rendered PDFs back in tests. */
final class Pdfs {
    private Pdfs() {
    }

    static String text(byte[] pdf) {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            PDFTextStripper s = new PDFTextStripper();
            s.setSortByPosition(true);
            return s.getText(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Text without any whitespace, so that "√ 有效期满换证" and "√有效期满换证" compare equal. */
    static String compact(byte[] pdf) {
        return text(pdf).replaceAll("\\s+", "");
    }

    static List<PDImageXObject> images(byte[] pdf) {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            List<PDImageXObject> out = new ArrayList<>();
            PDResources res = doc.getPage(0).getResources();
            for (COSName n : res.getXObjectNames()) {
                PDXObject x = res.getXObject(n);
                if (x instanceof PDImageXObject i) {
                    out.add(i);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BufferedImage page(byte[] pdf, float dpi) {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new PDFRenderer(doc).renderImageWithDPI(0, dpi, ImageType.RGB);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String decodeQr(BufferedImage img) throws NotFoundException, ChecksumException, FormatException {
        Map<DecodeHintType, Object> hints = new EnumMap<>(DecodeHintType.class);
        hints.put(DecodeHintType.TRY_HARDER, Boolean.TRUE);
        BinaryBitmap bmp = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(img)));
        return new QRCodeReader().decode(bmp, hints).getText();
    }
}
