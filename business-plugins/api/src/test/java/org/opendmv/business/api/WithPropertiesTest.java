package org.opendmv.business.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class WithPropertiesTest {
    private static BusinessDescriptor full() {
        return BusinessDescriptor.builder("mv-plate-replace").name(LocalizedText.of("补领机动车号牌", "Replace a plate"))
                .category(Categories.MOTOR_VEHICLE).icon("plate-replace")
                .steps(List.of(StepSpec.of("IDENTIFY"), StepSpec.of("CHECK"), StepSpec.of("FORM")))
                .fields(List.of(FieldSpec.builder("mobile").label(LocalizedText.of("手机号码", "Mobile")).type(FieldType.MOBILE).required(true).build()))
                .materials(List.of(new MaterialSpec("id-proof", LocalizedText.of("身份证", "ID card"), true, 1, 2)))
                .feeFen(10500).photoSpec("licence").rules(List.of("vehicle.owned-status"))
                .properties(Map.of("rule.blockedStatus", "CEKLMNOP", "subject", "vehicle"))
                .texts(Map.of("notice", LocalizedText.of("须知", "Notice")))
                .form(new FormSpec("vehicle-plate", List.of("vp.plate.replace"), null, null, null)).build();
    }

    @Test
    public void onlyThePropertiesChange() throws Exception {
        BusinessDescriptor d = full();
        BusinessDescriptor e = d.withProperties(Map.of("rule.blockedStatus", "CEK", "subject", "vehicle"));
        assertEquals("CEK", e.property("rule.blockedStatus", null));
        assertEquals("CEKLMNOP", d.property("rule.blockedStatus", null));
        // every other field, including any added later, is the same object
        for (Field f : BusinessDescriptor.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) || f.getName().equals("properties")) {
                continue;
            }
            f.setAccessible(true);
            assertNotNull(f.getName() + " is set in the test descriptor", f.get(d));
            assertEquals(f.getName(), f.get(d), f.get(e));
        }
    }
}
