package org.opendmv.business.api;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks one form value against its {@link FieldSpec}. Shared by the engine and the UI so the
 * citizen sees the same message inline that the engine would refuse with.
 */
public final class FieldValidation {
    private static final Pattern MOBILE = Pattern.compile("1[3-9][0-9]{9}");
    private static final Pattern POSTCODE = Pattern.compile("[0-9]{6}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern PLATE = Pattern.compile(
            "[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][A-HJ-NP-Z0-9]{4,5}[A-HJ-NP-Z0-9挂学警港澳]");

    /** Upper bound for any field without its own maxLength, so no field can carry a megabyte. */
    public static final int DEFAULT_MAX_LENGTH = 200;
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\p{Cf}\\u2028\\u2029]");
    private static final Pattern MARKUP = Pattern.compile("[<>\"'`;\\\\{}]");

    private FieldValidation() {
    }

    /** Empty when the value is acceptable, otherwise the message to show next to the field. */
    public static Optional<LocalizedText> check(FieldSpec f, String raw) {
        String v = raw == null ? "" : raw.strip();
        if (v.isEmpty()) {
            return f.required() ? err("请填写" + f.label().zh(), f.label().en() + " is required") : Optional.empty();
        }
        if (v.length() < f.minLength()) {
            return err(f.label().zh() + "至少" + f.minLength() + "个字", f.label().en() + " needs at least " + f.minLength() + " characters");
        }
        int max = f.maxLength() > 0 ? f.maxLength() : DEFAULT_MAX_LENGTH;
        if (v.codePointCount(0, v.length()) > max) {
            return err(f.label().zh() + "最多" + max + "个字", f.label().en() + " allows at most " + max + " characters");
        }
        if (CONTROL.matcher(v).find()) {
            return err(f.label().zh() + "含有不能识别的控制字符，请重新输入", f.label().en() + " contains control characters; please type it again");
        }
        if (MARKUP.matcher(v).find()) {
            return err(f.label().zh() + "不能包含 < > \" ' ; \\ { } 等符号", f.label().en() + " must not contain < > \" ' ; \\ { } characters");
        }
        switch (f.type()) {
            case MOBILE:
                if (!MOBILE.matcher(v).matches()) {
                    return err("请输入11位手机号码", "Enter an 11-digit mobile number");
                }
                break;
            case POSTCODE:
                if (!POSTCODE.matcher(v).matches()) {
                    return err("邮政编码为6位数字", "A postal code has 6 digits");
                }
                break;
            case DIGITS:
                if (!DIGITS.matcher(v).matches()) {
                    return err("只能输入数字", "Digits only");
                }
                break;
            case ID_NUMBER:
                if (!IdNumbers.isValid(v)) {
                    return err("身份证号码不正确", "The ID number is not valid");
                }
                break;
            case PLATE:
                if (!PLATE.matcher(v.toUpperCase()).matches()) {
                    return err("号牌号码格式不正确，例如 京A12345", "Plate number is not valid, e.g. 京A12345");
                }
                break;
            case DATE:
                try {
                    LocalDate d = LocalDate.parse(v);
                    if (d.getYear() < 1900 || d.getYear() > 2100) {
                        return err(f.label().zh() + "不在有效范围内", f.label().en() + " is out of range");
                    }
                } catch (DateTimeParseException e) {
                    return err("日期格式为 年-月-日，例如 2026-01-31", "Date format is yyyy-MM-dd, e.g. 2026-01-31");
                }
                break;
            case CHOICE:
                if (f.options().stream().noneMatch(o -> o.value().equals(v))) {
                    return err("请从列表中选择" + f.label().zh(), "Choose " + f.label().en() + " from the list");
                }
                break;
            case MULTI_CHOICE:
                Set<String> allowed = f.options().stream().map(ChoiceOption::value).collect(Collectors.toSet());
                for (String part : v.split(",")) {
                    if (!allowed.contains(part.strip())) {
                        return err("请从列表中选择" + f.label().zh(), "Choose " + f.label().en() + " from the list");
                    }
                }
                break;
            default:
                break;
        }
        if (f.pattern().isPresent() && !Pattern.matches(f.pattern().get(), v)) {
            return err(f.label().zh() + "格式不正确", f.label().en() + " has the wrong format");
        }
        return Optional.empty();
    }

    private static Optional<LocalizedText> err(String zh, String en) {
        return Optional.of(LocalizedText.of(zh, en));
    }
}
