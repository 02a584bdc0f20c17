package org.opendmv.devices.example.netidcard.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;

/**
 * The vendor guide quotes this driver instead of uncompiled snippets: every block marked
 * {@code <!-- quote: path -->} in docs/vendor-guide.md must be exactly that file of the repository.
 */
public class GuideQuotesTest {
    private static final Pattern QUOTE = Pattern.compile("<!-- quote: (\\S+) -->\\n```java\\n(.*?)\\n```", Pattern.DOTALL);

    @Test
    public void everyQuotedBlockOfTheVendorGuideIsTheCompiledFile() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent().getParent();
        String guide = Files.readString(root.resolve("docs/vendor-guide.md"), StandardCharsets.UTF_8);
        Matcher m = QUOTE.matcher(guide);
        int quotes = 0;
        while (m.find()) {
            quotes++;
            String file = Files.readString(root.resolve(m.group(1)), StandardCharsets.UTF_8).stripTrailing();
            assertEquals("docs/vendor-guide.md quotes " + m.group(1) + ": copy the file into the guide again", file, m.group(2));
        }
        assertTrue("the guide quotes the example's factory, handler and conformance test", quotes >= 3);
    }
}
