package org.opendmv.devices.api.spi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.Test;
import org.opendmv.devices.api.DeviceClass;

/** What a driver gets from {@link DeviceInstanceConfig#as(Class)} for the keys an operator typed. */
public class TypedConfigTest {

    enum Parity { NONE, EVEN, ODD }

    record SerialConfig(@ConfigKey("port.name") String port,
            @DefaultValue("9600") int baud,
            @DefaultValue("NONE") Parity parity,
            @ConfigKey("poll.interval") @DefaultValue("5s") Duration poll,
            @DefaultValue("false") boolean trace,
            @DefaultValue("1.5") double factor,
            @DefaultValue("3000000000") long big,
            @ConfigKey("model.dir") @DefaultValue("/opt/models") Path models,
            @DefaultValue("") List<String> features,
            Optional<String> licence,
            @DefaultValue("NONE,ODD") List<Parity> fallbacks) {
        SerialConfig {
            if (baud < 1200) {
                throw new IllegalArgumentException("baud must be at least 1200 / 波特率不能低于 1200");
            }
        }
    }

    private static DeviceInstanceConfig cfg(Map<String, String> props) {
        return DeviceInstanceConfig.of("reader-1", DeviceClass.ID_CARD_READER, "acme", null, props);
    }

    @Test
    public void defaultsFillMissingKeys() {
        SerialConfig c = cfg(Map.of("port.name", "/dev/ttyUSB0")).as(SerialConfig.class);
        assertEquals("/dev/ttyUSB0", c.port());
        assertEquals(9600, c.baud());
        assertEquals(Parity.NONE, c.parity());
        assertEquals(Duration.ofSeconds(5), c.poll());
        assertFalse(c.trace());
        assertEquals(1.5, c.factor(), 0);
        assertEquals(3_000_000_000L, c.big());
        assertEquals(Path.of("/opt/models"), c.models());
        assertEquals(List.of(), c.features());
        assertEquals(Optional.empty(), c.licence());
        assertEquals(List.of(Parity.NONE, Parity.ODD), c.fallbacks());
    }

    @Test
    public void valuesAreConvertedToTheComponentTypes() {
        SerialConfig c = cfg(Map.of("port.name", "COM3", "baud", " 115200 ", "parity", "even", "poll.interval", "500ms",
                "trace", "TRUE", "factor", "2.25", "model.dir", "/var/m", "features", "photo, ,fingerprint",
                "licence", "k-123")).as(SerialConfig.class);
        assertEquals(115200, c.baud());
        assertEquals(Parity.EVEN, c.parity());
        assertEquals(Duration.ofMillis(500), c.poll());
        assertTrue(c.trace());
        assertEquals(2.25, c.factor(), 0);
        assertEquals(Path.of("/var/m"), c.models());
        assertEquals(List.of("photo", "fingerprint"), c.features());
        assertEquals(Optional.of("k-123"), c.licence());
    }

    @Test
    public void isoDurationsAndBlankValuesTakeDefaults() {
        SerialConfig c = cfg(Map.of("port.name", "COM3", "poll.interval", "PT2M", "baud", "  ")).as(SerialConfig.class);
        assertEquals(Duration.ofMinutes(2), c.poll());
        assertEquals(9600, c.baud());
    }

    @Test
    public void aMissingRequiredKeyIsNamed() {
        InvalidConfigurationException e = refused(Map.of());
        assertEquals(Optional.of("port.name"), e.key());
        assertTrue(e.getMessage(), e.getMessage().contains("'port.name'"));
    }

    @Test
    public void aBadValueIsNamedByKeyButNotRepeated() {
        InvalidConfigurationException e = refused(Map.of("port.name", "COM3", "baud", "s3cr3t-96OO"));
        assertEquals(Optional.of("baud"), e.key());
        assertTrue(e.getMessage(), e.getMessage().contains("'baud' must be an integer"));
        assertFalse("the value may be a secret: " + e.getMessage(), e.getMessage().contains("s3cr3t"));
        assertEquals("no cause that could print the value", null, e.getCause());

        e = refused(Map.of("port.name", "COM3", "parity", "s3cr3t"));
        assertTrue(e.getMessage(), e.getMessage().contains("one of [NONE, EVEN, ODD]"));
        assertFalse(e.getMessage().contains("s3cr3t"));

        e = refused(Map.of("port.name", "COM3", "poll.interval", "s3cr3t"));
        assertTrue(e.getMessage(), e.getMessage().contains("duration"));
        assertFalse(e.getMessage().contains("s3cr3t"));

        e = refused(Map.of("port.name", "COM3", "trace", "s3cr3t"));
        assertTrue(e.getMessage(), e.getMessage().contains("true or false"));
    }

    @Test
    public void theRecordsOwnValidationBecomesAConfigurationError() {
        InvalidConfigurationException e = refused(Map.of("port.name", "COM3", "baud", "300"));
        assertEquals("baud must be at least 1200 / 波特率不能低于 1200", e.getMessage());
    }

    @Test
    public void anInvalidConfigurationIsAnIllegalArgument() {
        // drivers written against 1.0 that catch IllegalArgumentException keep working
        try {
            cfg(Map.of()).as(SerialConfig.class);
            fail();
        } catch (IllegalArgumentException expected) {
            assertTrue(expected instanceof InvalidConfigurationException);
        }
    }

    record Unsupported(Object thing) {
    }

    @Test(expected = IllegalStateException.class)
    public void anUnsupportedComponentTypeIsADriverBug() {
        cfg(Map.of("thing", "x")).as(Unsupported.class);
    }

    private static InvalidConfigurationException refused(Map<String, String> props) {
        try {
            cfg(props).as(SerialConfig.class);
        } catch (InvalidConfigurationException e) {
            return e;
        }
        throw new AssertionError("configuration was accepted: " + props.keySet());
    }
}
