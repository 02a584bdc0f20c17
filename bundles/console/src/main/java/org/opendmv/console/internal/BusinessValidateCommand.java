package org.opendmv.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.opendmv.engine.api.BusinessValidator;
import org.opendmv.engine.api.ValidationReport;

/**
 * Checks a business bundle before it is deployed: the same parser and deploy-time checks as the
 * registry, its rules, step types and icon. Installs nothing.
 */
@Service
@Command(scope = "kiosk", name = "business-validate",
        description = "Checks a business bundle (jar path, file: or mvn: URL) before deploying it; prints every problem")
public class BusinessValidateCommand implements Action {
    @Reference
    BusinessValidator validator;

    @Argument(index = 0, name = "jar", required = true,
            description = "Path of the bundle jar, or a URL such as mvn:com.acme/acme-cert-replace/1.0.0")
    String location;

    @Override
    public Object execute() throws Exception {
        ValidationReport report;
        try (InputStream in = open(location)) {
            report = validator.validate(location, in);
        }
        print(report, System.out);
        return null;
    }

    static void print(ValidationReport report, PrintStream out) {
        out.println(report.location() + (report.symbolicName() == null ? ""
                : "  (" + report.symbolicName() + " " + (report.version() == null ? "" : report.version()) + ")"));
        for (ValidationReport.Problem p : report.problems()) {
            out.println("  " + p);
        }
        out.println(report.summary());
    }

    /** A path (absolute, or relative to the kiosk's directory) or a URL pax-url can open (mvn:, file:, http:). */
    static InputStream open(String location) throws IOException {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("give the path of a bundle jar or a mvn: URL");
        }
        if (location.matches("[a-zA-Z][a-zA-Z0-9+.-]+:.*") && !location.matches("[a-zA-Z]:[\\\\/].*")) {
            URL url;
            try {
                url = new URL(location);
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("not a URL this kiosk can open: " + location + " (" + e.getMessage() + ")");
            }
            try {
                return url.openStream();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + location + ": " + e.getMessage()
                        + (location.startsWith("mvn:") ? " (is the artifact in the kiosk's Maven repository?)" : ""));
            }
        }
        Path p = Paths.get(location);
        if (!p.isAbsolute()) {
            p = Paths.get(System.getProperty("karaf.base", ".")).resolve(p);
        }
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("no such file: " + p);
        }
        return Files.newInputStream(p);
    }
}
