package org.opendmv.business.descriptor;

import java.io.ByteArrayInputStream;
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

    /**
     * Every problem of one descriptor, as {@code kiosk:businesses --invalid} would list them:
     * JSON syntax, unknown keys and wrong types, the published JSON Schema and the model's
     * own checks. Checks that need the running kiosk (installed forms, rules) are not made here.
     *
     * @param json the descriptor's bytes
     * @return the problems; empty when the descriptor is usable
     */
    public static List<String> problems(byte[] json) {
        return List.copyOf(new DescriptorParser().parse(new ByteArrayInputStream(json)).problems);
    }
}
