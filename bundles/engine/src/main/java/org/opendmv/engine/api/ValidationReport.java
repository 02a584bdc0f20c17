package org.opendmv.engine.api;

import java.util.List;

/** What {@link BusinessValidator} found in one bundle jar. */
public final class ValidationReport {
    /** An error refuses the business at deploy time; a warning leaves it deployable. */
    public enum Severity { ERROR, WARNING }

    /** One problem: which descriptor (null for the jar as a whole) and what is wrong. */
    public static final class Problem {
        private final Severity severity;
        private final String resource;
        private final String code;
        private final String message;

        public Problem(Severity severity, String resource, String code, String message) {
            this.severity = severity;
            this.resource = resource;
            this.code = code;
            this.message = message;
        }

        public Severity severity() {
            return severity;
        }

        /** The descriptor's path in the jar, or null for the jar as a whole. */
        public String resource() {
            return resource;
        }

        /** The business code the descriptor claims, or null when it could not be read. */
        public String code() {
            return code;
        }

        public String message() {
            return message;
        }

        @Override
        public String toString() {
            return severity + "  " + (resource == null ? "(jar)" : resource) + (code == null ? "" : " [" + code + "]")
                    + ": " + message;
        }
    }

    private final String location;
    private final String symbolicName;
    private final String version;
    private final List<String> businesses;
    private final List<Problem> problems;

    public ValidationReport(String location, String symbolicName, String version, List<String> businesses,
            List<Problem> problems) {
        this.location = location;
        this.symbolicName = symbolicName;
        this.version = version;
        this.businesses = List.copyOf(businesses);
        this.problems = List.copyOf(problems);
    }

    public String location() {
        return location;
    }

    /** The jar's Bundle-SymbolicName, or null when it has none. */
    public String symbolicName() {
        return symbolicName;
    }

    /** The jar's Bundle-Version, or null. */
    public String version() {
        return version;
    }

    /** The codes of the descriptors that were read (valid or not). */
    public List<String> businesses() {
        return businesses;
    }

    /** Errors and warnings, in the order found. */
    public List<Problem> problems() {
        return problems;
    }

    public long errors() {
        return problems.stream().filter(p -> p.severity == Severity.ERROR).count();
    }

    public long warnings() {
        return problems.stream().filter(p -> p.severity == Severity.WARNING).count();
    }

    /** True when the registry would accept every descriptor of the jar. */
    public boolean ok() {
        return errors() == 0;
    }

    /** {@code OK: 1 business(es), 0 problems} or {@code FAILED: 2 problem(s) in 1 business(es)}. */
    public String summary() {
        String warned = warnings() == 0 ? "" : ", " + warnings() + " warning(s)";
        return ok() ? "OK: " + businesses.size() + " business(es), 0 problems" + warned
                : "FAILED: " + errors() + " problem(s) in " + businesses.size() + " business(es)" + warned;
    }
}
