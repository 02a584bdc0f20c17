package ${package}.internal;

#if( $deviceClass == "ID_CARD_READER" )
import static java.time.format.DateTimeFormatter.BASIC_ISO_DATE;

import java.io.IOException;
import java.util.Map;
import org.junit.After;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.example.netidcard.emulator.NetIdCardEmulator;
import org.opendmv.devices.testkit.DriverConformanceTest;
import org.opendmv.devices.testkit.DriverUnderTest;
import org.opendmv.devices.testkit.VirtualIdCard;

/**
 * The kiosk's driver conformance suite against this driver and an emulated reader (the example
 * reader's emulator: replace it with yours). Each check is a test of {@link DriverConformanceTest}.
 */
public class HandlerConformanceTest extends DriverConformanceTest {
    private NetIdCardEmulator reader;

    @Override
    protected DriverUnderTest driver() throws IOException {
        reader = NetIdCardEmulator.start(0);
        reader.removeCard(); // a card only when the suite presents one
        return DriverUnderTest.of(new DriverFactory(), DeviceClass.ID_CARD_READER)
                .config(Map.of("host", reader.host(), "port", String.valueOf(reader.port()), "poll.interval", "200ms"))
                .badConfig(Map.of("host", reader.host(), "port", "not-a-port"))
                .presentMedia(() -> reader.insertCard(virtualIdCard()))
                .holdCommands(reader::removeCard, () -> reader.insertCard(virtualIdCard())); // no card: a read waits
    }

    @After
    public void stopReader() throws IOException {
        reader.close();
    }

    /** The testkit's synthetic card (nobody real) in the emulator's fields. */
    private static Map<String, String> virtualIdCard() {
        return Map.of("name", VirtualIdCard.NAME, "sex", "1", "ethnicity", "汉",
                "birth", VirtualIdCard.BIRTH_DATE.format(BASIC_ISO_DATE), "address", VirtualIdCard.ADDRESS,
                "id", VirtualIdCard.ID_NUMBER, "authority", VirtualIdCard.AUTHORITY,
                "from", VirtualIdCard.VALID_FROM.format(BASIC_ISO_DATE), "until", VirtualIdCard.VALID_UNTIL.format(BASIC_ISO_DATE));
    }
}
#else
import java.util.Map;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.testkit.DriverConformanceTest;
import org.opendmv.devices.testkit.DriverUnderTest;

/** The kiosk's driver conformance suite against this driver. Each check is a test of {@link DriverConformanceTest}. */
public class HandlerConformanceTest extends DriverConformanceTest {

    @Override
    protected DriverUnderTest driver() {
        return DriverUnderTest.of(new DriverFactory(), DeviceClass.${deviceClass})
                .config(Map.of("work.time", "50ms"))
                .badConfig(Map.of("work.time", "soon"));
    }
}
#end
