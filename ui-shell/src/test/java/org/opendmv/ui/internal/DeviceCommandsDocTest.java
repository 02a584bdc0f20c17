package org.opendmv.ui.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.opendmv.devices.api.ActionHint;

/** The action lines in docs/device-commands.md are the ones the touch screen shows under a device problem. */
public class DeviceCommandsDocTest {
    @Test
    public void theActionLineOfEveryHint() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("../docs/device-commands.md"), StandardCharsets.UTF_8);
        int i = lines.indexOf("<!-- table:hints -->");
        assertTrue("docs/device-commands.md has a hints table", i >= 0);
        Map<String, List<String>> doc = new LinkedHashMap<>();
        for (int j = i + 3; j < lines.size() && lines.get(j).startsWith("|"); j++) {
            String[] c = lines.get(j).trim().split("\\|");
            doc.put(c[1].trim(), List.of(c[4].trim(), c[5].trim()));
        }
        Map<String, List<String>> code = new LinkedHashMap<>();
        for (ActionHint h : ActionHint.values()) {
            String[] line = VisitScreen.actionLine(h.name());
            // RETRY offers a button instead of a line
            code.put(h.name(), line == null ? List.of("重试 (button)", "Try again (button)") : List.of(line[0], line[1]));
        }
        assertEquals(code, doc);
    }
}
