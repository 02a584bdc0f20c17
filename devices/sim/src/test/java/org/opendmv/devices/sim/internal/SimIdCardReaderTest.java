package org.opendmv.devices.sim.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.opendmv.devices.sim.internal.SimFixture.assertFails;
import static org.opendmv.devices.sim.internal.SimFixture.await;
import static org.opendmv.devices.sim.internal.SimFixture.get;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletionStage;

import org.junit.After;
import org.junit.Test;
import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.IdCardData;
import org.opendmv.devices.api.IdCardReader;
import org.opendmv.devices.api.MediaStatus;
import org.opendmv.devices.api.ReadCardRequest;

public class SimIdCardReaderTest {
    private final SimFixture fx = new SimFixture();

    @After
    public void tearDown() {
        fx.close();
    }

    private IdCardReader reader(String... kv) {
        return (IdCardReader) fx.handler("id-card-reader", DeviceClass.ID_CARD_READER, kv).device();
    }

    @Test
    public void waitsForACardThenReadsTheProfile() throws Exception {
        IdCardReader r = reader();
        assertEquals(MediaStatus.NOT_PRESENT, r.status().substatus(MediaStatus.class).orElseThrow());
        CompletionStage<IdCardData> read = r.readCard(ReadCardRequest.WITH_PHOTO, fx.ctx());
        await("prompt", () -> fx.eventTypes().contains("INSERT_CARD_PROMPT"));
        assertFalse("waits for a card", read.toCompletableFuture().isDone());

        fx.control.insertCard("adult-female");
        IdCardData d = get(read);
        assertEquals(List.of("INSERT_CARD_PROMPT", "MEDIA_INSERTED"), fx.eventTypes());
        assertEquals("测试乙", d.name());
        assertEquals(IdCardData.Sex.FEMALE, d.sex());
        assertEquals("110102199008230025", d.idNumber());
        assertEquals(LocalDate.of(2036, 9, 1), d.validUntil().orElseThrow());
        assertFalse("no WLT from a simulator", d.photoWlt().isPresent());
        assertEquals(102, SimFixture.decode(d.photo().orElseThrow()).getWidth());
        assertEquals(MediaStatus.PRESENT, fx.lastStatus().orElseThrow().substatus(MediaStatus.class).orElseThrow());
    }

    @Test
    public void aCardAlreadyOnTheReaderIsReadRightAwayTextOnly() throws Exception {
        IdCardReader r = reader();
        fx.control.insertCard("long-term");
        IdCardData d = get(r.readCard(ReadCardRequest.TEXT_ONLY, fx.ctx()));
        assertTrue(d.isLongTerm());
        assertFalse(d.photo().isPresent());
    }

    @Test
    public void cancelAndDeadlineStopTheWait() throws Exception {
        IdCardReader r = reader();
        CommandContext ctx = fx.ctx();
        CompletionStage<IdCardData> read = r.readCard(ReadCardRequest.WITH_PHOTO, ctx);
        ctx.cancel();
        assertFails(read, CompletionCode.CANCELED, null);

        assertFails(r.readCard(ReadCardRequest.WITH_PHOTO, fx.ctx(Duration.ofMillis(50))), CompletionCode.TIMEOUT, null);

        fx.control.insertCard("adult-male");
        assertEquals("the reader works after a timeout", "测试甲",
                get(r.readCard(ReadCardRequest.TEXT_ONLY, fx.ctx())).name());
    }

    @Test
    public void removingTheCardDuringTheReadFailsWithNoMedia() throws Exception {
        IdCardReader r = reader("sim.latency.ms", "5000");
        fx.control.insertCard("adult-male");
        CompletionStage<IdCardData> read = r.readCard(ReadCardRequest.WITH_PHOTO, fx.ctx());
        await("card detected", () -> fx.eventTypes().contains("MEDIA_INSERTED"));
        fx.control.removeCard();
        assertFails(read, CompletionCode.USER_ERROR, IdCardReader.ReadCardError.NO_MEDIA.name());
        assertTrue(fx.eventTypes().contains("MEDIA_REMOVED"));
    }

    @Test
    public void aCardThatIsNotAnIdCardIsReportedAndTheReaderKeepsWaiting() throws Exception {
        IdCardReader r = reader();
        fx.control.insertCard(SimControl.NOT_AN_ID_CARD);
        CompletionStage<IdCardData> read = r.readCard(ReadCardRequest.TEXT_ONLY, fx.ctx());
        await("invalid media", () -> fx.eventTypes().contains("INVALID_MEDIA"));
        assertFalse(read.toCompletableFuture().isDone());
        fx.control.insertCard("minor");
        assertEquals("测试辛", get(read).name());
    }

    @Test
    public void chipErrorStateFailsReadsUntilCleared() throws Exception {
        IdCardReader r = reader();
        fx.control.insertCard("elderly");
        fx.control.fail("id-card-reader", "chip_error");
        assertFails(r.readCard(ReadCardRequest.TEXT_ONLY, fx.ctx()), CompletionCode.HARDWARE_ERROR,
                IdCardReader.ReadCardError.CHIP_ERROR.name());
        assertEquals("CHIP_ERROR", fx.errors().get(fx.errors().size() - 1).errorCode());
        fx.control.fail("id-card-reader", "CHIP_OK");
        assertEquals("110105195302100038", get(r.readCard(ReadCardRequest.TEXT_ONLY, fx.ctx())).idNumber());
    }

    @Test
    public void autoInsertPutsTheConfiguredCardAfterTheDelay() throws Exception {
        IdCardReader r = reader("sim.card.auto", "senior", "sim.card.auto.delay.ms", "20");
        assertEquals("测试丁", get(r.readCard(ReadCardRequest.TEXT_ONLY, fx.ctx())).name());
        assertEquals("senior", fx.control.insertedCard().orElseThrow());
    }

    @Test
    public void badAutoProfileIsAConfigurationError() {
        IdCardReader r = reader("sim.card.auto", "nobody");
        assertEquals(org.opendmv.devices.api.LifecycleDetail.CONFIGURATION_ERROR, r.status().detail());
        assertTrue(r.status().description().contains("sim.card.auto"));
    }
}
