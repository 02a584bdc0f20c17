package org.opendmv.health.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Test;
import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.DeviceInfo;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.api.OperationalState;
import org.opendmv.devices.manager.api.DeviceManager;
import org.opendmv.devices.manager.api.DeviceView;
import org.opendmv.engine.api.BusinessRegistry;
import org.opendmv.engine.api.BusinessSource;
import org.opendmv.engine.api.SessionManager;
import org.opendmv.store.api.KioskIdentity;
import org.opendmv.store.api.StoreStatus;

/** /api/health says STARTING (503) until ready; its first UP already lists every business. */
public class HealthServletTest {
    private final FakeFacts facts = new FakeFacts();
    private final List<BusinessDescriptor> registered = new ArrayList<>();

    @SuppressWarnings("unchecked")
    private static <T> T fake(Class<T> type, Map<String, Object> answers) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
            Object a = answers.get(m.getName());
            return a instanceof java.util.function.Supplier ? ((java.util.function.Supplier<?>) a).get() : a;
        });
    }

    private List<DeviceView> deviceViews = List.of();

    private HealthServlet servlet() {
        BusinessRegistry registry = fake(BusinessRegistry.class, Map.of(
                "businesses", (java.util.function.Supplier<?>) () -> List.copyOf(registered),
                "invalid", List.of(),
                "source", Optional.of(new BusinessSource(42, "org.opendmv.business.dl-renewal", "1", "x.json"))));
        return new HealthServlet(new ReadinessMonitor(facts), registry,
                fake(SessionManager.class, Map.of("sessions", List.of())),
                fake(DeviceManager.class, Map.of("devices", (java.util.function.Supplier<?>) () -> deviceViews)),
                fake(StoreStatus.class, Map.of("database", "Apache Derby 10.17", "appliedMigrations", List.of("001"))),
                fake(KioskIdentity.class, Map.of("kioskId", "7QK2M9XA")));
    }

    @Test
    public void startingUntilTheBusinessesAreRegisteredThenUpWithAllOfThem() {
        HealthServlet s = servlet();
        facts.processed.clear(); // the extender has not read the business bundle yet
        ObjectNode starting = s.health();
        assertEquals("STARTING", starting.get("status").asText());
        assertEquals(503, HealthServlet.httpStatus(starting));
        assertEquals("7QK2M9XA", starting.get("kioskId").asText());
        assertEquals("businesses of org.opendmv.business.dl-renewal", starting.get("waitingFor").get(0).asText());
        assertTrue(starting.toString(), !starting.has("businesses"));

        registered.add(BusinessDescriptor.builder("dl-renewal").build());
        facts.processed.add(42L);
        ObjectNode up = s.health();
        assertEquals("UP", up.get("status").asText());
        assertEquals(200, HealthServlet.httpStatus(up));
        assertEquals(1, up.get("businesses").asInt());
        assertEquals("dl-renewal", up.get("businessCodes").get(0).asText());
        assertEquals("7QK2M9XA", up.get("kioskId").asText());
        assertEquals("status first for humans", "status", up.fieldNames().next());
    }

    @Test
    public void eachDeviceShowsFirmwareAndSerialNumberTheDriverReported() {
        registered.add(BusinessDescriptor.builder("dl-renewal").build());
        deviceViews = List.of(
                DeviceView.of(DeviceInfo.builder("id-reader-1", DeviceClass.ID_CARD_READER, "acme-net").vendor("Acme")
                        .model("NR-200").firmware("2.4.1").serialNumber("SN-0042").build(), "idCardReader",
                        DeviceStatus.ready(OperationalState.ONLINE)),
                DeviceView.of(DeviceInfo.builder("printer-1", DeviceClass.RECEIPT_PRINTER, "escpos-printer").build(),
                        "receiptPrinter", DeviceStatus.ready(OperationalState.ONLINE)));
        ObjectNode up = servlet().health();
        assertEquals(up.toString(), "UP", up.get("status").asText());
        com.fasterxml.jackson.databind.JsonNode reader = up.get("devices").get(0);
        assertEquals("id-reader-1", reader.get("id").asText());
        assertEquals("Acme", reader.get("vendor").asText());
        assertEquals("NR-200", reader.get("model").asText());
        assertEquals("2.4.1", reader.get("firmware").asText());
        assertEquals("SN-0042", reader.get("serialNumber").asText());
        com.fasterxml.jackson.databind.JsonNode printer = up.get("devices").get(1);
        assertTrue("unknown is null, not made up: " + printer, printer.get("firmware").isNull());
        assertTrue(printer.toString(), printer.get("serialNumber").isNull());
    }

    @Test
    public void downWhenACoreServiceWentAwayAfterReady() {
        HealthServlet s = new HealthServlet(new ReadinessMonitor(facts), null, null, null, null, null);
        ObjectNode down = s.health();
        assertEquals("DOWN", down.get("status").asText());
        assertEquals(503, HealthServlet.httpStatus(down));
        assertEquals(4, down.get("waitingFor").size());
    }
}
