package org.opendmv.fleet.agent.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.opendmv.devices.api.ActionHint;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.DeviceErrorEvent;
import org.opendmv.fleet.api.ErrorEvent;
import org.opendmv.fleet.api.FleetCodec;
import org.opendmv.fleet.api.Heartbeat;
import org.opendmv.fleet.api.KioskMessage;
import org.opendmv.itests.servers.Mosquitto;

/** The agent component as Config Admin would activate it, against a real mosquitto. */
public class FleetAgentTest {

    private Mosquitto broker;
    private Path dir;
    private Path etc;
    private FleetAgent agent;
    private Central central;
    private String previousEtc;

    @Before
    public void setUp() throws Exception {
        dir = Path.of("target", "fleet-agent-component").toAbsolutePath();
        FleetLinkTest.deleteTree(dir);
        etc = Files.createDirectories(dir.resolve("etc"));
        Files.writeString(etc.resolve("fleet-agent.password"), "k7-secret\n");
        broker = Mosquitto.in(dir.resolve("broker"), Map.of("k-007", "k7-secret", "central", "c-secret")).start();
        previousEtc = System.setProperty("karaf.etc", etc.toString());
        central = new Central(broker.url(), "central", "c-secret").connect();
    }

    @After
    public void tearDown() throws Exception {
        if (agent != null) {
            agent.deactivate();
        }
        central.close();
        broker.stop();
        if (previousEtc == null) {
            System.clearProperty("karaf.etc");
        } else {
            System.setProperty("karaf.etc", previousEtc);
        }
    }

    private AgentConfig config(Map<String, Object> overrides) {
        Map<String, Object> v = new HashMap<>();
        v.put("kiosk_id", "k-007");
        v.put("office", "sz-futian");
        v.put("group", "canary");
        v.put("broker_url", broker.url());
        v.put("username", "");
        v.put("password_file", "fleet-agent.password");
        v.put("heartbeat_seconds", 5);
        v.put("truststore", "");
        v.put("truststore_password", "");
        v.put("queue_max", 100);
        v.put("data_dir", dir.resolve("data").toString());
        v.putAll(overrides);
        return (AgentConfig) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {AgentConfig.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return AgentConfig.class;
                    }
                    return v.containsKey(method.getName()) ? v.get(method.getName()) : method.getDefaultValue();
                });
    }

    @Test
    public void activatedItSendsAHeartbeatAtOnceAndDeviceErrorsAsCodesOnly() throws Exception {
        agent = new FleetAgent();
        agent.activate(null, config(Map.of()));
        List<KioskMessage> got = central.await(r -> !r.isEmpty(), 20);
        Heartbeat h = (Heartbeat) got.get(0);
        assertEquals("k-007", h.kioskId());
        assertEquals("canary", h.group());
        assertEquals(1, h.seq());

        agent.error(DeviceErrorEvent.of("printer-1", DeviceClass.RECEIPT_PRINTER, "PAPER_OUT",
                "纸已用完，请联系工作人员 (staff note)", ActionHint.CLEAR));
        ErrorEvent e = (ErrorEvent) central.await(r -> r.stream().anyMatch(m -> m instanceof ErrorEvent), 20).stream()
                .filter(m -> m instanceof ErrorEvent).findFirst().orElseThrow();
        assertEquals("printer-1", e.deviceId());
        assertEquals("RECEIPT_PRINTER", e.deviceClass());
        assertEquals("PAPER_OUT", e.errorCode());
        assertEquals("CLEAR", e.hint());
        String wire = new String(new FleetCodec().encode(e), java.nio.charset.StandardCharsets.UTF_8);
        assertFalse("the driver's free text stays on the kiosk: " + wire, wire.contains("staff note"));
        assertTrue(agent.describe(), agent.describe().startsWith("CONNECTED"));
    }

    @Test
    public void badProvisioningIsRefusedWithAClearReason() {
        FleetAgent a = new FleetAgent();
        IllegalArgumentException badId = assertThrows(IllegalArgumentException.class,
                () -> a.activate(null, config(Map.of("kiosk_id", "k/007"))));
        assertTrue(badId.getMessage(), badId.getMessage().contains("kiosk.id"));
        IllegalArgumentException noBroker = assertThrows(IllegalArgumentException.class,
                () -> a.activate(null, config(Map.of("broker_url", " "))));
        assertTrue(noBroker.getMessage(), noBroker.getMessage().contains("broker.url is required"));
        IOException noPassword = assertThrows(IOException.class,
                () -> a.activate(null, config(Map.of("password_file", "missing.password"))));
        assertTrue(noPassword.getMessage(), noPassword.getMessage().contains("missing.password"));
    }

}
