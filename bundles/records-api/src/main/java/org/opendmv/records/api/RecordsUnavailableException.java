package org.opendmv.records.api;

/** The back end did not answer (network, maintenance window, timeout): try again later. */
public class RecordsUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RecordsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public RecordsUnavailableException(String message) {
        super(message);
    }
}
