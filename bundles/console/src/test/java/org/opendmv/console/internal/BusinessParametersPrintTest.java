package org.opendmv.console.internal;

import static org.junit.Assert.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.Test;
import org.opendmv.engine.api.EffectiveParameter;
import org.opendmv.engine.api.EffectiveParameter.Source;

/** What {@code kiosk:businesses <code>} prints about rule parameters. */
public class BusinessParametersPrintTest {
    @Test
    public void valuesWithTheirSourceAndRefusals() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        BusinessesCommand.printParameters(out, "dl-renewal", List.of(
                new EffectiveParameter("rule.elderAge", "70", Source.DESCRIPTOR, "OSGI-INF/business/dl-renewal.json", "abc", "must be a whole number 50..100"),
                new EffectiveParameter("rule.maxPoints", "12", Source.RULE_DEFAULT, null, null, null),
                new EffectiveParameter("rule.windowDaysBefore", "120", Source.CONFIG, "etc/org.opendmv.business.dl-renewal.cfg", null, null)));
        assertEquals(String.join("\n",
                "  parameters (PID org.opendmv.business.dl-renewal; config:edit to change, applies to the next visit):",
                "    rule.elderAge          70   descriptor   OSGI-INF/business/dl-renewal.json  (refused config value \"abc\": must be a whole number 50..100)",
                "    rule.maxPoints         12   rule default",
                "    rule.windowDaysBefore  120  config       etc/org.opendmv.business.dl-renewal.cfg",
                ""), buf.toString(StandardCharsets.UTF_8));
    }
}
