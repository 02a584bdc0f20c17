package org.opendmv.devices.example.netidcard.internal;

import static java.time.format.DateTimeFormatter.BASIC_ISO_DATE;

import java.io.IOException;
import java.util.Base64;
import java.util.Map;
import org.junit.After;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.example.netidcard.emulator.NetIdCardEmulator;
import org.opendmv.devices.testkit.DriverConformanceTest;
import org.opendmv.devices.testkit.DriverUnderTest;
import org.opendmv.devices.testkit.SyntheticPortrait;
import org.opendmv.devices.testkit.VirtualIdCard;

/** The kiosk's driver conformance suite against the example driver and its emulated reader: the one class a vendor adds. */
public class NetIdCardConformanceTest extends DriverConformanceTest {
    private NetIdCardEmulator reader;

    @Override
    protected DriverUnderTest driver() throws IOException {
        reader = NetIdCardEmulator.start(0);
        reader.removeCard(); // a card only when the suite presents one
        return DriverUnderTest.of(new NetIdCardDriverFactory(), DeviceClass.ID_CARD_READER)
                .config(Map.of("host", reader.host(), "port", String.valueOf(reader.port()), "poll.interval", "200ms"))
                .badConfig(Map.of("host", reader.host(), "port", "not-a-port"))
                .presentMedia(() -> reader.insertCard(virtualIdCard()))
                .holdCommands(reader::removeCard, () -> reader.insertCard(virtualIdCard())); // no card: READ waits
    }

    @After
    public void stopReader() throws IOException {
        reader.close();
    }

    /** The testkit's synthetic card in the emulator's fields. */
    static Map<String, String> virtualIdCard() {
        return Map.of("name", VirtualIdCard.NAME, "sex", "1", "ethnicity", "汉",
                "birth", VirtualIdCard.BIRTH_DATE.format(BASIC_ISO_DATE), "address", VirtualIdCard.ADDRESS,
                "id", VirtualIdCard.ID_NUMBER, "authority", VirtualIdCard.AUTHORITY,
                "from", VirtualIdCard.VALID_FROM.format(BASIC_ISO_DATE), "until", VirtualIdCard.VALID_UNTIL.format(BASIC_ISO_DATE),
                "photo", Base64.getEncoder().encodeToString(SyntheticPortrait.png()));
    }
}
