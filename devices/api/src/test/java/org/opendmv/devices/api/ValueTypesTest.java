package org.opendmv.devices.api;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.CompletionException;

import org.junit.Test;

public class ValueTypesTest {

    private static IdCardData card(byte[] wlt, byte[] photo) {
        return IdCardData.builder().name("张三").sex(IdCardData.Sex.fromCode('2')).ethnicity("汉")
                .birthDate(LocalDate.of(1949, 12, 31)).address("北京市西城区某街1号").idNumber("11010519491231002x")
                .issuingAuthority("北京市公安局西城分局").validFrom(LocalDate.of(2010, 1, 1)).validUntil(null)
                .photoWlt(wlt).photo(photo).build();
    }

    @Test
    public void idCardToStringHidesPersonalDataAndWipeZeroesArrays() {
        byte[] wlt = {1, 2, 3};
        byte[] photo = {4, 5};
        IdCardData c = card(wlt, photo);
        assertEquals("11010519491231002X", c.idNumber());
        assertEquals("110105********002X", c.maskedIdNumber());
        assertEquals(IdCardData.Sex.FEMALE, c.sex());
        assertTrue(c.isLongTerm());
        assertFalse(c.validUntil().isPresent());
        String s = c.toString();
        for (String secret : new String[] {"张三", "1101", "002X", "北京", "汉", "1949"}) {
            assertFalse(s + " leaks " + secret, s.contains(secret));
        }
        c.wipe();
        assertArrayEquals(new byte[3], wlt);
        assertArrayEquals(new byte[2], photo);
        assertTrue(c.isWiped());
        try {
            c.name();
            fail("use after wipe must be loud");
        } catch (IllegalStateException expected) {
            // expected
        }
        c.wipe();
        assertEquals("IdCardData[wiped]", c.toString());
    }

    @Test
    public void statusRejectsInvalidPairsAndComputesUsable() {
        try {
            DeviceStatus.of(Lifecycle.READY, LifecycleDetail.DRIVER_MISSING, OperationalState.ONLINE, Map.of(), "");
            fail();
        } catch (IllegalArgumentException expected) {
            // expected
        }
        assertTrue(DeviceStatus.ready(OperationalState.ONLINE).isUsable());
        assertTrue(DeviceStatus.ready(OperationalState.BUSY).isUsable());
        assertFalse(DeviceStatus.ready(OperationalState.OFFLINE).isUsable());
        assertFalse(DeviceStatus.uninitialized(LifecycleDetail.DRIVER_MISSING, "").isUsable());

        DeviceStatus s = DeviceStatus.ready(OperationalState.ONLINE).withSubstatus(PaperStatus.LOW);
        assertEquals(PaperStatus.LOW, s.substatus(PaperStatus.class).orElseThrow());
        assertFalse(s.substatus(MediaStatus.class).isPresent());
        assertEquals("LOW", s.substatus("paper").orElseThrow());
        assertEquals(s, DeviceStatus.ready(OperationalState.ONLINE).withSubstatus("paper", "LOW"));
    }

    @Test
    public void exceptionUnwrapsAndDefaultsHint() {
        DeviceException e = new DeviceException(CompletionCode.HARDWARE_ERROR,
                ReceiptPrinter.PrintError.PAPER_OUT, "no paper");
        assertEquals(ActionHint.MAINTENANCE, e.hint());
        assertTrue(e.hasErrorCode(ReceiptPrinter.PrintError.PAPER_OUT));
        CompletionException wrapped = new CompletionException(e);
        assertSame(e, DeviceException.find(wrapped).orElseThrow());
        assertEquals(CompletionCode.HARDWARE_ERROR, DeviceException.codeOf(wrapped));
        assertEquals(CompletionCode.INTERNAL_ERROR, DeviceException.codeOf(new RuntimeException()));
        assertEquals(CompletionCode.SUCCESS, DeviceException.codeOf(null));
        try {
            new DeviceException(CompletionCode.SUCCESS, "x");
            fail();
        } catch (IllegalArgumentException expected) {
            // expected
        }
    }

    @Test
    public void deviceClassLookups() {
        assertEquals(DeviceClass.RECEIPT_PRINTER, DeviceClass.parse("receipt_printer").orElseThrow());
        assertEquals(DeviceClass.RECEIPT_PRINTER, DeviceClass.parse("receiptPrinter").orElseThrow());
        assertEquals(DeviceClass.ID_CARD_READER, DeviceClass.forType(IdCardReader.class).orElseThrow());
        assertFalse(DeviceClass.parse("toaster").isPresent());
        for (DeviceClass c : DeviceClass.values()) {
            assertSame(c, DeviceClass.forType(c.type()).orElseThrow());
        }
    }

    @Test
    public void livenessResultChecksConsistency() {
        assertEquals(LivenessResult.Outcome.PASS, LivenessResult.pass(0.9).outcome());
        try {
            new LivenessResult(LivenessResult.Outcome.SPOOF, true, java.util.OptionalDouble.empty());
            fail();
        } catch (IllegalArgumentException expected) {
            // expected
        }
        try {
            LivenessRequest.match(new byte[1], 1.5);
            fail();
        } catch (IllegalArgumentException expected) {
            // expected
        }
    }
}
