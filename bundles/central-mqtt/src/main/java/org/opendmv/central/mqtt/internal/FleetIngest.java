package org.opendmv.central.mqtt.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import org.eclipse.paho.client.mqttv3.MqttException;
import org.opendmv.fleet.api.FleetRegistry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The central's MQTT ingest as a component: configured by {@code etc/org.opendmv.central.mqtt.cfg}, it runs an
 * {@link Ingest} writing into the {@link FleetRegistry} service (the central's PostgreSQL store).
 */
@Component(configurationPid = "org.opendmv.central.mqtt", configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {}, immediate = true)
@Designate(ocd = IngestConfig.class)
public class FleetIngest {

    @Reference
    private FleetRegistry registry;

    private Ingest ingest;

    @Activate
    void activate(IngestConfig config) throws IOException, MqttException {
        if (config.broker_url() == null || config.broker_url().isBlank()) {
            throw new IllegalArgumentException("central MQTT ingest: broker.url is required");
        }
        Path etc = Path.of(System.getProperty("karaf.etc", "etc"));
        Path pw = etc.resolve(config.password_file());
        if (!Files.isReadable(pw)) {
            throw new IOException("central MQTT ingest: password file " + pw + " is missing or unreadable");
        }
        char[] password = Files.readAllLines(pw, StandardCharsets.UTF_8).stream().findFirst().orElse("").trim()
                .toCharArray();
        SSLSocketFactory tls = config.broker_url().trim().startsWith("ssl://")
                ? trust(config.truststore().isBlank() ? null : etc.resolve(config.truststore()),
                        config.truststore_password().toCharArray())
                : null;
        ingest = new Ingest(new Ingest.Settings(config.broker_url().trim(), config.client_id(), config.username(),
                password, tls), registry);
        ingest.start();
    }

    @Deactivate
    void deactivate() {
        if (ingest != null) {
            ingest.close();
        }
    }

    static SSLSocketFactory trust(Path truststore, char[] password) throws IOException {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (truststore == null) {
                tmf.init((KeyStore) null);
            } else {
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                try (InputStream in = Files.newInputStream(truststore)) {
                    ks.load(in, password);
                }
                tmf.init(ks);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IOException("central MQTT ingest: truststore " + truststore + " unusable: " + e.getMessage(), e);
        }
    }
}
