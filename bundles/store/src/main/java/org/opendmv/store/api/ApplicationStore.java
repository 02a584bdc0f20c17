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

    /**
     * Compare-and-set: appends {@code status} only if the application's status is {@code expected}
     * now (checked and changed in one transaction).
     *
     * @return false if the status was something else (nothing changed)
     * @throws IllegalArgumentException for an unknown serial
     */
    boolean changeStatusIf(String serial, String expected, String status, String note);

    /**
     * In one transaction: moves an unpaid application from {@code expected} to CANCELLED and purges its
     * personal data — only if its status is {@code expected}, it has no payment reference and none of
     * its payment orders is open, paid or refunded. A payment that was recorded first always wins.
     *
     * @return false if any condition did not hold (nothing changed)
     */
    boolean cancelUnpaid(String serial, String expected, String reason);

    /**
     * Serials of applications in {@code status} that were stored by an earlier run of the kiosk (an
     * earlier JVM, or framework launch): no visit of this run can still be working on them.
     */
    List<String> fromEarlierRuns(String status);

    /** Serials of every application in {@code status}, oldest first. */
    List<String> serialsWithStatus(String status);

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
