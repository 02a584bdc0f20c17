package org.opendmv.devices.sim.internal;

import java.util.concurrent.CompletionStage;

import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.DeviceException;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.api.IdCardData;
import org.opendmv.devices.api.IdCardReader;
import org.opendmv.devices.api.IntermediateEvent;
import org.opendmv.devices.api.MediaStatus;
import org.opendmv.devices.api.ReadCardRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Simulated resident ID card reader. A read waits (INSERT_CARD_PROMPT) until a card profile is put on the
 * reader ({@code kiosk:sim card-insert <profile>}, or automatically after {@value #KEY_AUTO_DELAY} ms if
 * {@value #KEY_AUTO} names a profile), reports MEDIA_INSERTED, takes one latency to "read the chip" and
 * returns the citizen's data with a generated 102×126 PNG photo (no WLT). The card stays on the reader
 * until removed; removing it during the read fails with NO_MEDIA. A {@code not-id-card} is reported as
 * INVALID_MEDIA and the reader keeps waiting, like a real reader polling for a card.
 */
final class SimIdCardReader extends SimDevice implements IdCardReader {
    private static final Logger LOG = LoggerFactory.getLogger(SimIdCardReader.class);
    /** Per-instance key: profile put on the reader automatically when a read waits (default none). */
    static final String KEY_AUTO = "sim.card.auto";
    /** Per-instance key: how long a read waits before the automatic card arrives (default 2000 ms). */
    static final String KEY_AUTO_DELAY = "sim.card.auto.delay.ms";

    private enum Phase { WAITING, READING }

    private static final class Pending {
        final SimOperation<IdCardData> op;
        final ReadCardRequest request;
        Phase phase = Phase.WAITING;
        String profile;

        Pending(SimOperation<IdCardData> op, ReadCardRequest request) {
            this.op = op;
            this.request = request;
        }
    }

    // guarded by lock
    private String autoProfile;
    private int autoDelayMs;
    private boolean chipError;
    private Pending pending;

    SimIdCardReader(DeviceInstanceConfigView config, org.opendmv.devices.api.spi.DeviceCallback callback,
            SimControl control) {
        super(config, callback, control, "SIM-IDR (GA/T 467)");
    }

    @Override
    void configure(DeviceInstanceConfigView c) {
        String auto = c.string(KEY_AUTO, "");
        if (!auto.isEmpty() && !control.profileIds().contains(auto)) {
            throw new IllegalArgumentException("property " + KEY_AUTO + ": unknown profile '" + auto + "'");
        }
        autoProfile = auto.isEmpty() ? null : auto;
        autoDelayMs = c.nonNegative(KEY_AUTO_DELAY, 2000);
    }

    @Override
    void resetScript() {
        chipError = false;
    }

    @Override
    void applyScript(SimState state) {
        if (state == SimState.CHIP_ERROR) {
            chipError = true;
        } else if (state == SimState.CHIP_OK) {
            chipError = false;
        }
    }

    @Override
    void raiseErrorFor(SimState state) {
        super.raiseErrorFor(state);
        if (state == SimState.CHIP_ERROR) {
            error("CHIP_ERROR", "simulated SAM module not answering", org.opendmv.devices.api.ActionHint.MAINTENANCE);
        }
    }

    @Override
    DeviceStatus withSubstatus(DeviceStatus s) {
        return s.withSubstatus(control.insertedCard().isPresent() ? MediaStatus.PRESENT : MediaStatus.NOT_PRESENT);
    }

    @Override
    String scriptSummary() {
        return "card=" + control.insertedCard().orElse("none") + (chipError ? " CHIP_ERROR" : "")
                + (autoProfile == null ? "" : " auto=" + autoProfile);
    }

    @Override
    public CompletionStage<IdCardData> readCard(ReadCardRequest request, CommandContext ctx) {
        ReadCardRequest req = request == null ? ReadCardRequest.WITH_PHOTO : request;
        return start(ctx, op -> {
            Pending p = new Pending(op, req);
            synchronized (lock) {
                if (pending != null && !pending.op.isDone()) {
                    throw new DeviceException(CompletionCode.DEVICE_NOT_READY, "another read is in progress");
                }
                pending = p;
            }
            op.result().whenComplete((r, e) -> {
                synchronized (lock) {
                    if (pending == p) {
                        pending = null;
                    }
                }
            });
            op.ctx().event(IntermediateEvent.INSERT_CARD_PROMPT);
            String card = control.insertedCard().orElse(null);
            if (card != null) {
                cardSeen(p, card);
            } else {
                String auto;
                synchronized (lock) {
                    auto = autoProfile;
                }
                if (auto != null) {
                    op.after(autoDelayMs, () -> {
                        if (control.insertedCard().isEmpty()) {
                            control.insertCard(auto);
                        }
                    });
                }
            }
        });
    }

    /** Called by {@link SimControl} when a card is put on or taken off the reader ({@code null}). */
    void cardChanged(String profile) {
        publish();
        Pending p;
        synchronized (lock) {
            p = pending;
        }
        if (p == null || p.op.isDone()) {
            return;
        }
        if (profile == null) {
            boolean wasReading;
            synchronized (lock) {
                wasReading = p.phase == Phase.READING;
                p.phase = Phase.WAITING;
            }
            p.op.ctx().event(IntermediateEvent.MEDIA_REMOVED);
            if (wasReading) {
                p.op.fail(new DeviceException(CompletionCode.USER_ERROR, ReadCardError.NO_MEDIA,
                        "card removed during the read"));
            }
            return;
        }
        cardSeen(p, profile);
    }

    private void cardSeen(Pending p, String profile) {
        boolean swapped;
        synchronized (lock) {
            swapped = p.phase == Phase.READING;
        }
        if (swapped) {
            p.op.fail(new DeviceException(CompletionCode.USER_ERROR, ReadCardError.NO_MEDIA,
                    "card swapped during the read"));
            return;
        }
        if (SimControl.NOT_AN_ID_CARD.equals(profile)) {
            p.op.ctx().event(IntermediateEvent.INVALID_MEDIA);
            return; // keeps waiting for a resident ID card
        }
        synchronized (lock) {
            p.phase = Phase.READING;
            p.profile = profile;
        }
        p.op.ctx().event(IntermediateEvent.MEDIA_INSERTED);
        p.op.after(latency(), () -> finishRead(p));
    }

    private void finishRead(Pending p) {
        boolean chip;
        synchronized (lock) {
            if (p.phase != Phase.READING) {
                return;
            }
            chip = chipError;
        }
        if (!p.profile.equals(control.insertedCard().orElse(null))) {
            p.op.fail(new DeviceException(CompletionCode.USER_ERROR, ReadCardError.NO_MEDIA, "card removed during the read"));
            return;
        }
        if (chip) {
            throw new DeviceException(CompletionCode.HARDWARE_ERROR, ReadCardError.CHIP_ERROR,
                    "simulated SAM/chip failure");
        }
        Citizen c = control.citizen(p.profile).orElseThrow(() -> new DeviceException(CompletionCode.INVALID_DATA,
                ReadCardError.INVALID_MEDIA, "unknown card profile"));
        IdCardData data;
        try {
            data = c.toCardData(p.request.includePhoto());
        } catch (java.io.IOException e) {
            // a test citizen's photo file removed or broken since the file was read: the chip "cannot be read"
            LOG.warn("{}: photo file of test citizen {} cannot be read ({})", id(), c.id(), e.getMessage());
            throw new DeviceException(CompletionCode.HARDWARE_ERROR, ReadCardError.CHIP_ERROR,
                    "test citizen's photo file cannot be read");
        }
        p.op.complete(data);
        if (p.op.result().isCompletedExceptionally() || p.op.result().getNow(null) != data) {
            data.wipe(); // lost a race with cancellation: do not leave personal data behind
        }
    }
}
