package org.opendmv.engine.api;

/** The bundle and resource a descriptor came from. */
public final class BusinessSource {
    private final long bundleId;
    private final String symbolicName;
    private final String version;
    private final String resource;

    public BusinessSource(long bundleId, String symbolicName, String version, String resource) {
        this.bundleId = bundleId;
        this.symbolicName = symbolicName;
        this.version = version;
        this.resource = resource;
    }

    public long bundleId() {
        return bundleId;
    }

    public String symbolicName() {
        return symbolicName;
    }

    public String version() {
        return version;
    }

    public String resource() {
        return resource;
    }

    @Override
    public String toString() {
        return symbolicName + "/" + version + " [" + bundleId + "] " + resource;
    }
}
