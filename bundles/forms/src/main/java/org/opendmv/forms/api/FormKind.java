package org.opendmv.forms.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The two official application forms, and which business uses which. */
public enum FormKind {
    /** 机动车驾驶证申请表: the seven driver-licence businesses. */
    DRIVER_LICENCE("机动车驾驶证申请表"),
    /** 机动车牌证申请表: plates, vehicle licence (行驶证), inspection sticker. */
    VEHICLE_PLATE("机动车牌证申请表");

    private static final Map<String, FormKind> BY_BUSINESS = new LinkedHashMap<>();

    static {
        for (String c : new String[] {"dl-renewal-postpone", "dl-downgrade", "dl-medical-postpone", "dl-review-postpone",
                "dl-renewal", "dl-replace-lost", "dl-cancel"}) {
            BY_BUSINESS.put(c, DRIVER_LICENCE);
        }
        for (String c : new String[] {"mv-inspection-sticker", "mv-licence-replace", "mv-licence-exchange",
                "mv-plate-replace", "mv-plate-exchange"}) {
            BY_BUSINESS.put(c, VEHICLE_PLATE);
        }
    }

    private final String title;

    FormKind(String title) {
        this.title = title;
    }

    /** The printed title, e.g. 机动车驾驶证申请表. */
    public String title() {
        return title;
    }

    /** The form of a business code (e.g. {@code dl-renewal}), empty for a code without a form. */
    public static Optional<FormKind> forBusiness(String businessCode) {
        return Optional.ofNullable(businessCode == null ? null : BY_BUSINESS.get(businessCode));
    }

    /** The business codes that have a form, in the seed order (DL-1..7, MV-1..5). */
    public static Set<String> businessCodes() {
        return java.util.Collections.unmodifiableSet(BY_BUSINESS.keySet());
    }
}
