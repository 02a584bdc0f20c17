package org.opendmv.engine.api;

import java.io.InputStream;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Checks a business bundle before it is deployed, with the same parser and the same deploy-time
 * checks the registry runs when the bundle arrives: every {@code OSGI-INF/business/*.json} in the
 * jar, its rules (installed, or provided by a DS component in the jar), its step types and icon.
 * Nothing is installed.
 */
@ProviderType
public interface BusinessValidator {
    /**
     * @param location where the jar came from, for the report (a path or URL)
     * @param jar the bundle's bytes; read to the end, not closed
     * @return every problem found; {@link ValidationReport#ok()} when it can be deployed as is
     */
    ValidationReport validate(String location, InputStream jar);
}
