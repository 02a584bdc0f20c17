package org.opendmv.store.api;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Submitted applications. {@link #submit} assigns the serial number (流水号) and writes the
 * application, its first status and an audit entry in one transaction: once it returns, the
 * application survives a crash.
 */
@ProviderType
public interface ApplicationStore {
    Application submit(NewApplication application);

    Optional<Application> find(String serial);

    /** Newest first. */
    List<Application> recent(int max);

    List<StatusChange> history(String serial);

    /** Appends a status; throws {@link IllegalArgumentException} for an unknown serial. */
    void changeStatus(String serial, String status, String note);

    long count();

    /** Applications of one applicant (by keyed hash of the ID number), newest first. */
    List<Application> byIdNumber(String idNumber, int max);

    /** Attachment names and types of an application (empty after a purge). */
    List<String> attachmentNames(String serial);

    Optional<Attachment> attachment(String serial, String name);

    /** Records the payment reference (out_trade_no / transaction id) of an application. */
    void setPaymentReference(String serial, String paymentRef);

    Optional<String> paymentReference(String serial);

    /**
     * Deletes the personal data of an application (payload, attachments, ID-number hash), keeps the
     * row, masked ID number, status history and an audit entry naming what was purged, not the data.
     */
    void purgePersonalData(String serial, String reason);
}
