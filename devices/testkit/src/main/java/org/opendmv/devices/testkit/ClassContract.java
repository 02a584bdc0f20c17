package org.opendmv.devices.testkit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import javax.imageio.ImageIO;

import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.Device;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.DocumentScanner;
import org.opendmv.devices.api.IdCardData;
import org.opendmv.devices.api.IdCardReader;
import org.opendmv.devices.api.LivenessDetector;
import org.opendmv.devices.api.LivenessRequest;
import org.opendmv.devices.api.LivenessResult;
import org.opendmv.devices.api.PrintResult;
import org.opendmv.devices.api.ReadCardRequest;
import org.opendmv.devices.api.Receipt;
import org.opendmv.devices.api.ReceiptPrinter;
import org.opendmv.devices.api.ScanRequest;
import org.opendmv.devices.api.ScanResult;
import org.opendmv.devices.api.ScannedPage;
import org.opendmv.devices.api.SignatureRequest;
import org.opendmv.devices.api.SignaturePad;
import org.opendmv.devices.api.SignatureResult;

/** The one command each device class is checked with, and what its result must look like. */
abstract class ClassContract {

    /** Whether a command of this class waits for something a person does (card, document, face, signature). */
    abstract boolean waitsForMedia();

    /** Starts the class's main command. */
    abstract CompletionStage<?> run(Device device, CommandContext ctx);

    /** Checks a successful result. */
    abstract void verify(Object result, DriverUnderTest driver);

    /** Erases a result's personal data. */
    void wipe(Object result) {
    }

    static ClassContract of(DeviceClass c) {
        switch (c) {
            case ID_CARD_READER:
                return new IdCard();
            case RECEIPT_PRINTER:
                return new Printer();
            case DOCUMENT_SCANNER:
                return new Scanner();
            case SIGNATURE_PAD:
                return new Signature();
            case LIVENESS_DETECTOR:
                return new Liveness();
            default:
                throw new IllegalArgumentException("the testkit has no contract for " + c + " yet");
        }
    }

    static BufferedImage decode(byte[] bytes, String what) {
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
            assertNotNull(what + " is not a PNG or JPEG image", img);
            return img;
        } catch (IOException e) {
            throw new AssertionError(what + " cannot be decoded: " + e.getMessage());
        }
    }

    static final class IdCard extends ClassContract {
        @Override
        boolean waitsForMedia() {
            return true;
        }

        @Override
        CompletionStage<?> run(Device device, CommandContext ctx) {
            return ((IdCardReader) device).readCard(ReadCardRequest.WITH_PHOTO, ctx);
        }

        @Override
        void verify(Object result, DriverUnderTest driver) {
            IdCardData d = (IdCardData) result;
            assertFalse("the card data was wiped before the caller got it", d.isWiped());
            // messages never show the values: they are personal data even when synthetic
            assertTrue("the ID number does not pass the GB 11643 check", Gb11643.isValid(d.idNumber()));
            assertEquals("the birth date differs from the one in the ID number", Gb11643.birthDate(d.idNumber()),
                    Optional.of(d.birthDate()));
            assertFalse("the name is empty", d.name().isBlank());
            assertFalse("the address is empty", d.address().isBlank());
            assertTrue("the ID number's sex digit differs from the sex read",
                    (d.idNumber().charAt(16) - '0') % 2 == (d.sex() == IdCardData.Sex.MALE ? 1 : 0)
                            || d.sex() == IdCardData.Sex.UNSPECIFIED || d.sex() == IdCardData.Sex.UNKNOWN);
            if (driver.expectsVirtualIdCard()) {
                assertTrue("the data read is not the VirtualIdCard's (name, ID number, birth date, address)",
                        VirtualIdCard.matches(d));
            }
            d.photo().ifPresent(p -> decode(p, "the decoded photo"));
        }

        @Override
        void wipe(Object result) {
            ((IdCardData) result).wipe();
        }
    }

    static final class Printer extends ClassContract {
        @Override
        boolean waitsForMedia() {
            return false;
        }

        @Override
        CompletionStage<?> run(Device device, CommandContext ctx) {
            Receipt r = Receipt.builder().line("OpenDMV 测试回执 / conformance receipt").line("业务编号 CONF-0001")
                    .qrText("https://example.invalid/r/CONF-0001").build();
            return ((ReceiptPrinter) device).print(r, ctx);
        }

        @Override
        void verify(Object result, DriverUnderTest driver) {
            assertNotNull("print completed without a PrintResult", result);
            assertNotNull("the PrintResult has no paper status", ((PrintResult) result).paper());
        }
    }

    static final class Scanner extends ClassContract {
        @Override
        boolean waitsForMedia() {
            return true;
        }

        @Override
        CompletionStage<?> run(Device device, CommandContext ctx) {
            return ((DocumentScanner) device).scan(ScanRequest.of("CONFORMANCE").withMaxPages(1), ctx);
        }

        @Override
        void verify(Object result, DriverUnderTest driver) {
            ScanResult r = (ScanResult) result;
            assertFalse("a scan completed with no page", r.pages().isEmpty());
            for (ScannedPage p : r.pages()) {
                assertTrue("a page has no image bytes", p.image().length > 0);
                assertTrue("page mime must be image/png or image/jpeg", p.mime().equals("image/png")
                        || p.mime().equals("image/jpeg"));
                BufferedImage img = decode(p.image(), "a scanned page");
                assertEquals("the page's declared width differs from its image", p.widthPx(), img.getWidth());
                assertEquals("the page's declared height differs from its image", p.heightPx(), img.getHeight());
            }
        }

        @Override
        void wipe(Object result) {
            ((ScanResult) result).wipe();
        }
    }

    static final class Signature extends ClassContract {
        @Override
        boolean waitsForMedia() {
            return true;
        }

        @Override
        CompletionStage<?> run(Device device, CommandContext ctx) {
            return ((SignaturePad) device).capture(SignatureRequest.withPrompt("请签名 / please sign"), ctx);
        }

        @Override
        void verify(Object result, DriverUnderTest driver) {
            SignatureResult r = (SignatureResult) result;
            assertTrue("a captured signature has no stroke (an empty one is USER_ERROR/EMPTY_SIGNATURE)",
                    r.strokeCount() > 0);
            decode(r.png(), "the signature image");
        }

        @Override
        void wipe(Object result) {
            ((SignatureResult) result).wipe();
        }
    }

    static final class Liveness extends ClassContract {
        @Override
        boolean waitsForMedia() {
            return true;
        }

        @Override
        CompletionStage<?> run(Device device, CommandContext ctx) {
            return ((LivenessDetector) device).checkLiveness(LivenessRequest.match(SyntheticPortrait.png(), 0.7), ctx);
        }

        @Override
        void verify(Object result, DriverUnderTest driver) {
            LivenessResult r = (LivenessResult) result;
            assertNotNull("no liveness result", r);
            if (r.outcome() == LivenessResult.Outcome.PASS || r.outcome() == LivenessResult.Outcome.FAIL) {
                assertTrue("a comparison against a reference photo gave no score", r.matchScore().isPresent());
            }
        }
    }
}
