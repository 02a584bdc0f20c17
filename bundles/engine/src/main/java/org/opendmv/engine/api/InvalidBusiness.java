package org.opendmv.engine.api;

import java.util.List;

/** A descriptor the registry refused, and why. */
public final class InvalidBusiness {
    private final BusinessSource source;
    private final String code;
    private final List<String> problems;

    public InvalidBusiness(BusinessSource source, String code, List<String> problems) {
        this.source = source;
        this.code = code;
        this.problems = List.copyOf(problems);
    }

    public BusinessSource source() {
        return source;
    }

    /** The code it claims, or null when it could not be read. */
    public String code() {
        return code;
    }

    public List<String> problems() {
        return problems;
    }

    @Override
    public String toString() {
        return source + ": " + String.join("; ", problems);
    }
}
