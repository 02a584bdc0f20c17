package org.opendmv.business.descriptor;

import java.io.InputStream;
import java.util.List;

import org.opendmv.business.api.BusinessDescriptor;

/** Bridge for {@link Descriptors}: the strict parser behind a public entry point. */
public final class DescriptorReader {
    private DescriptorReader() {
    }

    public static BusinessDescriptor read(InputStream in, List<String> problems) {
        DescriptorParser.Parsed p = new DescriptorParser().parse(in);
        problems.addAll(p.problems);
        return p.descriptor;
    }
}
