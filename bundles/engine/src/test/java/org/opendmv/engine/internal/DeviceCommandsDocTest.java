package org.opendmv.engine.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.junit.Test;
import org.opendmv.business.api.LocalizedText;
import org.opendmv.devices.api.ActionHint;
import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.DeviceClass;

/** docs/device-commands.md says what the code does: commands, deadlines, default hints, the citizen's texts. */
public class DeviceCommandsDocTest {
    static final Path DOC = Path.of("../../docs/device-commands.md");

    /** The rows (cells, trimmed) of the table after {@code <!-- table:name -->}, header and separator left out. */
    static List<List<String>> table(String name) throws IOException {
        List<String> lines = Files.readAllLines(DOC, StandardCharsets.UTF_8);
        int i = lines.indexOf("<!-- table:" + name + " -->");
        assertTrue("docs/device-commands.md has no table '" + name + "'", i >= 0);
        List<List<String>> rows = new ArrayList<>();
        for (int j = i + 3; j < lines.size() && lines.get(j).startsWith("|"); j++) {
            String l = lines.get(j).trim();
            List<String> cells = new ArrayList<>();
            for (String c : l.substring(1, l.length() - 1).split("\\|", -1)) {
                cells.add(c.trim());
            }
            rows.add(cells);
        }
        return rows;
    }

    @Test
    public void everyCommandOfEveryDeviceClassWithItsDefaultDeadlineAndKey() throws IOException {
        Map<String, List<String>> fromCode = new LinkedHashMap<>();
        for (DeviceClass c : DeviceClass.values()) {
            for (Method m : c.type().getMethods()) {
                Class<?>[] p = m.getParameterTypes();
                if (CompletionStage.class.isAssignableFrom(m.getReturnType()) && p.length > 0 && p[p.length - 1] == CommandContext.class) {
                    String key = c.role() + "." + m.getName();
                    Duration d = DeviceDeadlines.DEFAULTS.get(key);
                    assertTrue("no deadline for the command " + key + ": add it to DeviceDeadlines", d != null);
                    fromCode.put(key, List.of(c.name(), c.role(), m.getName(), String.valueOf(d.toSeconds()), key));
                }
            }
        }
        assertEquals("every deadline key is a command", new java.util.TreeSet<>(DeviceDeadlines.DEFAULTS.keySet()),
                new java.util.TreeSet<>(fromCode.keySet()));
        Map<String, List<String>> fromDoc = new LinkedHashMap<>();
        for (List<String> row : table("commands")) {
            fromDoc.put(row.get(4), row);
        }
        assertEquals(new java.util.TreeMap<>(fromCode), new java.util.TreeMap<>(fromDoc));
    }

    @Test
    public void theDefaultHintOfEveryCompletionCode() throws IOException {
        Map<String, String> fromCode = new LinkedHashMap<>();
        Arrays.stream(CompletionCode.values()).filter(c -> c != CompletionCode.SUCCESS)
                .forEach(c -> fromCode.put(c.name(), c.defaultHint().name()));
        Map<String, String> fromDoc = new LinkedHashMap<>();
        table("codes").forEach(r -> fromDoc.put(r.get(0), r.get(1)));
        assertEquals(fromCode, fromDoc);
    }

    @Test
    public void theDeviceNamesAndTheMessageOfEveryHint() throws IOException {
        Map<String, List<String>> names = new LinkedHashMap<>();
        for (DeviceClass c : DeviceClass.values()) {
            LocalizedText n = DeviceCalls.name(c);
            names.put(c.name(), List.of(c.name(), n.zh(), n.en()));
        }
        Map<String, List<String>> namesDoc = new LinkedHashMap<>();
        table("device-names").forEach(r -> namesDoc.put(r.get(0), r));
        assertEquals(names, namesDoc);

        LocalizedText placeholder = LocalizedText.of("{设备}", "{device}");
        Map<String, List<String>> hints = new LinkedHashMap<>();
        for (ActionHint h : ActionHint.values()) {
            LocalizedText t = DeviceCalls.citizenText(placeholder, h);
            hints.put(h.name(), List.of(h.name(), t.zh(), t.en()));
        }
        Map<String, List<String>> hintsDoc = new LinkedHashMap<>();
        table("hints").forEach(r -> hintsDoc.put(r.get(0), r.subList(0, 3)));
        assertEquals(hints, hintsDoc);
    }
}
