package org.opendmv.business.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * User-facing text in several languages, keyed by BCP 47 tag ({@code zh-CN}, {@code en}).
 * Chinese is the default: a missing translation falls back to zh-CN.
 */
public final class LocalizedText {
    public static final String ZH = "zh-CN";
    public static final String EN = "en";

    private final Map<String, String> texts;

    private LocalizedText(Map<String, String> texts) {
        this.texts = Collections.unmodifiableMap(new LinkedHashMap<>(texts));
    }

    public static LocalizedText of(Map<String, String> texts) {
        return new LocalizedText(Objects.requireNonNull(texts, "texts"));
    }

    public static LocalizedText of(String zh, String en) {
        Map<String, String> m = new LinkedHashMap<>();
        if (zh != null) {
            m.put(ZH, zh);
        }
        if (en != null) {
            m.put(EN, en);
        }
        return new LocalizedText(m);
    }

    /** Text for the locale: exact tag, then language, then zh-CN, then any. */
    public String get(Locale locale) {
        if (locale != null) {
            String exact = texts.get(locale.toLanguageTag());
            if (exact != null) {
                return exact;
            }
            for (Map.Entry<String, String> e : texts.entrySet()) {
                if (Locale.forLanguageTag(e.getKey()).getLanguage().equals(locale.getLanguage())) {
                    return e.getValue();
                }
            }
        }
        String zh = texts.get(ZH);
        if (zh != null) {
            return zh;
        }
        return texts.isEmpty() ? "" : texts.values().iterator().next();
    }

    public String zh() {
        return get(Locale.SIMPLIFIED_CHINESE);
    }

    public String en() {
        return get(Locale.ENGLISH);
    }

    public boolean has(String tag) {
        String t = texts.get(tag);
        return t != null && !t.isBlank();
    }

    public Map<String, String> asMap() {
        return texts;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LocalizedText && ((LocalizedText) o).texts.equals(texts);
    }

    @Override
    public int hashCode() {
        return texts.hashCode();
    }

    @Override
    public String toString() {
        return zh();
    }
}
