package org.opendmv.upload.internal;

import java.util.Map;
import java.util.Optional;

import org.opendmv.business.api.LocalizedText;
import org.opendmv.engine.api.Session;
import org.opendmv.engine.api.SessionEvent;
import org.opendmv.engine.api.SessionListener;
import org.opendmv.engine.api.SessionManager;
import org.opendmv.upload.api.UploadTicket;
import org.opendmv.upload.api.UploadTickets;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins the engine's PHOTO step and the phone: a ticket when the step is shown (and again after
 * "retry"), the normalised photo into the visit, the ticket revoked when the visit ends.
 */
@Component(service = PhotoUploads.class, immediate = true)
public final class PhotoUploads implements SessionListener {
    private static final Logger LOG = LoggerFactory.getLogger(PhotoUploads.class);
    static final String PHOTO = "PHOTO";
    private final SessionManager sessions;
    private final UploadTickets tickets;

    @Activate
    public PhotoUploads(@Reference SessionManager sessions, @Reference UploadTickets tickets) {
        this.sessions = sessions;
        this.tickets = tickets;
        sessions.addListener(this);
    }

    @Deactivate
    void deactivate() {
        sessions.removeListener(this);
    }

    @Override
    public void onEvent(Session s, SessionEvent e) {
        boolean photo = PHOTO.equals(e.step());
        switch (e.type()) {
            case STEP_ENTERED:
            case STEP_BACK:
                if (photo) {
                    offer(s);
                }
                break;
            case STEP_PROGRESS:
                // "retry" puts the step back to WAITING without a URL: a fresh ticket
                if (photo && e.result().map(r -> "WAITING".equals(r.data().get("photo.phase"))).orElse(false)) {
                    offer(s);
                }
                break;
            case STEP_COMPLETED:
                if (photo) {
                    tickets.revoke(s.id());
                }
                break;
            case ENDED:
                tickets.revoke(s.id());
                break;
            default:
                break;
        }
    }

    private void offer(Session s) {
        UploadTicket t = tickets.issue(s.id());
        try {
            s.submit(Map.of("upload.url", t.url(), "upload.expiresAt", t.expiresAt()));
        } catch (IllegalStateException ex) {
            tickets.revoke(s.id());
        }
    }

    /** The photo from the phone, normalised: into the visit. False if the visit has moved on. */
    boolean deliver(String visitId, byte[] jpeg) {
        Optional<Session> s = sessions.session(visitId);
        if (s.isEmpty()) {
            return false;
        }
        try {
            s.get().submit(Map.of("photo", jpeg));
            return true;
        } catch (IllegalStateException e) {
            LOG.info("Visit {} left the photo step before the upload arrived", visitId);
            return false;
        }
    }

    /** A rejected photo: the kiosk shows the same reason as the phone. */
    void rejected(String visitId, LocalizedText reason) {
        sessions.session(visitId).ifPresent(s -> {
            try {
                s.submit(Map.of("upload.rejected", reason));
            } catch (IllegalStateException e) {
                // ended meanwhile
            }
        });
    }
}
