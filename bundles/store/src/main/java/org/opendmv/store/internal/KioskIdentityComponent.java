package org.opendmv.store.internal;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.opendmv.store.api.KioskIdentity;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kiosk id from {@code kiosk.id} in {@code etc/org.opendmv.kiosk.cfg}. When the operator set
 * none, one is generated at the first start (8 random characters) and appended to that file, so
 * it is generated once and survives restarts, upgrades and a wiped database. An invalid id is
 * refused: at start the store does not come up (and says why); a later edit is ignored with an
 * error in the log and the running id is kept.
 */
@Component(configurationPid = KioskIdentity.PID, service = KioskIdentity.class, immediate = true)
@Designate(ocd = KioskIdentityComponent.Config.class)
public final class KioskIdentityComponent implements KioskIdentity {
    private static final Logger LOG = LoggerFactory.getLogger(KioskIdentityComponent.class);

    @ObjectClassDefinition(id = KioskIdentity.PID, name = "OpenDMV kiosk", description = "Settings of the whole kiosk")
    @interface Config {
        @AttributeDefinition(name = "Kiosk id", required = false, description = "Unique among all kiosks: 1 to 12"
                + " characters A-Z and 0-9, part of every serial and payment order number. Generated at first start"
                + " when empty")
        String kiosk_id() default "";

        /** Read by the device manager, health and the touch UI (one metatype for the whole PID lives here). */
        @AttributeDefinition(name = "Kiosk mode", description = "demo: simulators may serve every role and the screen says DEMO;"
                + " production: no simulator reads ID cards or checks liveness", options = {
                    @org.osgi.service.metatype.annotations.Option(label = "demo", value = "demo"),
                    @org.osgi.service.metatype.annotations.Option(label = "production", value = "production")})
        String kiosk_mode() default "demo";
    }

    private final Path file;
    private volatile String id;

    @Activate
    public KioskIdentityComponent(Map<String, Object> properties) throws IOException {
        this.file = Path.of(System.getProperty("karaf.etc", "etc")).resolve(PID + ".cfg");
        try {
            this.id = resolve(text(properties.get(KIOSK_ID)), file, new SecureRandom());
        } catch (IllegalArgumentException e) {
            LOG.error("{}. The store stays stopped until it is corrected.", e.getMessage());
            throw e;
        }
        LOG.info("Kiosk id {}", id);
        if ("K001".equals(id)) {
            // the id every kiosk had before ids were generated: two kiosks on it share serials and order numbers
            LOG.warn("Kiosk id K001 is the old default of every kiosk: if another kiosk of this merchant or back office"
                    + " uses it too, their serial and payment order numbers collide. Give each kiosk its own kiosk.id in {}", file);
        }
    }

    @Modified
    void modified(Map<String, Object> properties) {
        String configured = text(properties.get(KIOSK_ID));
        if (configured.isEmpty() || configured.equals(id)) {
            return; // our own first write arriving, or a removed line: keep the id in use
        }
        String problem = KioskIds.problem(configured);
        if (problem != null) {
            LOG.error("kiosk id '{}' in {} is refused ({}); this kiosk keeps the id {}", configured, file, problem, id);
            return;
        }
        LOG.warn("Kiosk id changed from {} to {}: new serial numbers use {}", id, configured, configured);
        id = configured;
    }

    @Override
    public String kioskId() {
        return id;
    }

    /**
     * The configured id, else the one in {@code file} (Config Admin may not have read it yet), else a
     * new one appended to {@code file}.
     */
    static String resolve(String configured, Path file, SecureRandom random) throws IOException {
        if (!configured.isEmpty()) {
            return KioskIds.requireValid(configured, file.toString());
        }
        String existing = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        Properties p = new Properties();
        p.load(new StringReader(existing));
        String inFile = p.getProperty(KIOSK_ID, "").trim();
        if (!inFile.isEmpty()) {
            return KioskIds.requireValid(inFile, file.toString());
        }
        String generated = KioskIds.generate(random);
        StringBuilder out = new StringBuilder(existing);
        if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
        out.append("# generated at first start; keep it: serial and payment order numbers depend on it\n")
                .append(KIOSK_ID).append(" = ").append(generated).append('\n');
        Set<PosixFilePermission> perms = Files.exists(file) ? Files.getPosixFilePermissions(file)
                : PosixFilePermissions.fromString("rw-r--r--");
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicFiles.replace(file, out.toString().getBytes(StandardCharsets.UTF_8), perms);
        LOG.info("Kiosk id {} generated and kept in {}", generated, file);
        return generated;
    }

    private static String text(Object o) {
        return o == null ? "" : o.toString().trim();
    }
}
