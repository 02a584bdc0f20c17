package org.opendmv.central.internal;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.opendmv.central.api.FleetView;
import org.opendmv.central.api.KioskDetail;
import org.opendmv.central.api.KioskProvisioning;
import org.opendmv.central.api.KioskSummary;
import org.opendmv.central.api.ReceivedApplication;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The central's database: migrates the PostgreSQL schema at activation, then offers the fleet view and kiosk
 * provisioning. Bound to the pax-jdbc data source named {@code central} (etc/org.ops4j.datasource-central.cfg);
 * change {@code dataSource.target} in etc/org.opendmv.central.cfg to use another.
 */
@Component(configurationPid = CentralComponent.PID, service = {FleetView.class, KioskProvisioning.class, CentralComponent.class})
@Designate(ocd = CentralConfig.class)
public final class CentralComponent implements FleetView, KioskProvisioning {
    public static final String PID = "org.opendmv.central";
    private static final Logger LOG = LoggerFactory.getLogger(CentralComponent.class);
    private final CentralDatabase db;

    @Activate
    public CentralComponent(@Reference(name = "dataSource") DataSource dataSource, BundleContext ctx) throws Exception {
        long t0 = System.nanoTime();
        Schema.migrateInBundle(dataSource, ctx.getBundle());
        this.db = new CentralDatabase(dataSource, Clock.systemDefaultZone());
        LOG.info("Central database ready ({} ms)", (System.nanoTime() - t0) / 1_000_000);
    }

    CentralDatabase database() {
        return db;
    }

    @Override
    public List<KioskSummary> kiosks() {
        return db.kiosks();
    }

    @Override
    public Optional<KioskDetail> kiosk(String kioskId) {
        return db.kiosk(kioskId);
    }

    @Override
    public List<ReceivedApplication> applications(String kioskId, int max) {
        return db.applications(kioskId, max);
    }

    @Override
    public String addKiosk(String kioskId, String office) {
        String token = db.addKiosk(kioskId, office);
        LOG.info("Kiosk {} of office {} registered; its token was shown once to the operator", kioskId, office);
        return token;
    }

    @Override
    public String renewToken(String kioskId) {
        String token = db.renewToken(kioskId);
        LOG.info("Kiosk {}: new token issued, the old one no longer works", kioskId);
        return token;
    }

    @Override
    public boolean revoke(String kioskId) {
        boolean known = db.revoke(kioskId);
        if (known) {
            LOG.info("Kiosk {}: token revoked", kioskId);
        }
        return known;
    }
}
