package org.opendmv.engine.api;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.engine.internal.DescriptorReader;

/**
 * Reads a business descriptor JSON exactly as the kiosk does when the bundle is deployed, so a
 * business bundle's unit tests (and an integrator's build) catch mistakes before deployment.
 */
public final class Descriptors {
    private Descriptors() {
    }

    /**
     * Parses and validates.
     *
     * @throws IllegalArgumentException listing every problem, one per line
     */
    public static BusinessDescriptor read(InputStream json) {
        List<String> problems = new ArrayList<>();
        BusinessDescriptor d = DescriptorReader.read(json, problems);
        if (!problems.isEmpty() || d == null) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
        return d;
    }
}
