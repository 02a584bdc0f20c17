package org.opendmv.payment.spi;

/**
 * A provider call failed. {@link #temporary()} failures (5xx, timeouts, connection refused, a
 * response whose signature could not be verified) are retried by the core; the others are
 * refusals (4xx with a business code) and are not. The message never contains secrets.
 */
public class ProviderException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean temporary;
    private final String code;

    public ProviderException(boolean temporary, String code, String message, Throwable cause) {
        super(message, cause);
        this.temporary = temporary;
        this.code = code;
    }

    public ProviderException(boolean temporary, String code, String message) {
        this(temporary, code, message, null);
    }

    public boolean temporary() {
        return temporary;
    }

    /** Provider's error code (e.g. ORDERPAID, SYSTEM_ERROR) or a local one (TIMEOUT, IO, SIGNATURE). */
    public String code() {
        return code;
    }
}
