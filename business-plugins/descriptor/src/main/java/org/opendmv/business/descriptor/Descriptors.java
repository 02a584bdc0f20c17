package org.opendmv.business.descriptor;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.opendmv.business.api.BusinessDescriptor;

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
     * @param json the descriptor; read to the end, not closed
     * @return the descriptor
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
