package org.opendmv.devices.pcsc.internal;

import java.util.Map;
import org.junit.After;
import org.junit.BeforeClass;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.testkit.DriverConformanceTest;
import org.opendmv.devices.testkit.DriverUnderTest;

/**
 * The testkit's driver conformance suite through the real PC/SC stack (pcscd + vsmartcard vpcd): the
 * {@code VirtualIdCard} is put on the virtual reader by {@code presentMedia}; without it a read waits for
 * a card, which is how the deadline, cancel and late-result checks hold a command.
 */
public class PcscConformanceTest extends DriverConformanceTest {
    private VpcdCard card;

    @BeforeClass
    public static void startPcscd() throws Exception {
        PcscStack.start();
    }

    @Override
    protected DriverUnderTest driver() throws Exception {
        PcscStack.awaitVpcd();
        PcscStack.awaitNoCard(); // the previous test's card is gone
        card = new VpcdCard(PcscStack.VPCD_PORT);
        return DriverUnderTest.of(new PcscDriverFactory(), DeviceClass.ID_CARD_READER)
                .config(Map.of("reader", PcscStack.READER))
                .badConfig(Map.of("reader", PcscStack.READER, "read.chunk", "300"))
                .presentMedia(card::insert);
    }

    @After
    public void removeCard() throws Exception {
        if (card != null) {
            card.close();
        }
    }
}
