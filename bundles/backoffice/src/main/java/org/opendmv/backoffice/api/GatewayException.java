package org.opendmv.backoffice.api;

/** A delivery that did not reach the back office. The message must not contain personal data. */
public class GatewayException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean temporary;

    public GatewayException(String message, boolean temporary) {
        super(message);
        this.temporary = temporary;
    }

    public GatewayException(String message, boolean temporary, Throwable cause) {
        super(message, cause);
        this.temporary = temporary;
    }

    /** True: retry later with back-off (back office down, timeout, 5xx). False: retrying will not help. */
    public boolean temporary() {
        return temporary;
    }
}
