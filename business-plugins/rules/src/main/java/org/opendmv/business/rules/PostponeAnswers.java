package org.opendmv.business.rules;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import org.opendmv.business.api.Facts;
import org.opendmv.business.api.FieldValidation;
import org.opendmv.business.api.LocalizedText;
import org.opendmv.business.api.spi.RuleContext;
import org.opendmv.business.api.spi.RuleResult;

/**
 * The answers of the three postponement forms (延期换证, 延期提交身体条件证明, 延期审验): reason,
 * its description, expected return date. They exist only at FORM; at CHECK the answers are
 * absent and nothing is checked. Field names: {@link #REASON}, {@link #REASON_DETAIL}, {@link #RETURN_DATE}.
 */
public final class PostponeAnswers {
    public static final String REASON = "reason";
    public static final String REASON_DETAIL = "reasonDetail";
    public static final String RETURN_DATE = "returnDate";
    /** The {@link #REASON} option that the citizen must describe in {@link #REASON_DETAIL}. */
    public static final String OTHER = "other";

    private PostponeAnswers() {
    }

    /**
     * @param latest   the last acceptable return date
     * @param years    the maximum postponement, for the message
     * @param fromZh   what {@code latest} is counted from, e.g. "驾驶证有效期满"
     * @param fromEn   the same in English, e.g. "your licence expires"
     */
    public static RuleResult check(RuleContext ctx, LocalDate latest, int years, String fromZh, String fromEn) {
        if (answer(ctx, REASON).filter(OTHER::equals).isPresent() && answer(ctx, REASON_DETAIL).isEmpty()) {
            return RuleResult.invalidField(REASON_DETAIL, "REASON_DETAIL_REQUIRED", LocalizedText.of(
                    "您选择了“其他”原因，请简要说明需要延期的原因。",
                    "You chose 'Other': please say briefly why you need to postpone."));
        }
        Optional<String> raw = answer(ctx, RETURN_DATE);
        if (raw.isEmpty()) {
            return RuleResult.eligible();
        }
        LocalDate back;
        try {
            back = LocalDate.parse(raw.get());
        } catch (DateTimeParseException e) {
            // the FORM step validates fields first; this only guards a caller that did not
            return RuleResult.invalidField(RETURN_DATE, "RETURN_DATE_INVALID", ctx.business().field(RETURN_DATE)
                    .flatMap(f -> FieldValidation.check(f, raw.get()))
                    .orElse(LocalizedText.of("日期格式为 年-月-日，例如 2026-01-31", "Date format is yyyy-MM-dd, e.g. 2026-01-31")));
        }
        if (!back.isAfter(ctx.today())) {
            return RuleResult.invalidField(RETURN_DATE, "RETURN_DATE_PAST", LocalizedText.of(
                    "预计返回日期应晚于今天，请重新选择。",
                    "The expected return date must be after today; please choose a later date."));
        }
        if (back.isAfter(latest)) {
            return RuleResult.invalidField(RETURN_DATE, "RETURN_DATE_TOO_LATE", LocalizedText.of(
                    "延期最长" + years + "年（自" + fromZh + "之日起计算），预计返回日期最晚为" + Dates.zh(latest)
                            + "。请选择该日期之前的日期；如届时仍不能返回，请到人工窗口咨询。",
                    "A postponement lasts at most " + years + " years from the date " + fromEn + ", so the latest return date is "
                            + Dates.en(latest) + ". Please choose a date up to then; if you cannot be back by then, ask at a service counter."));
        }
        return RuleResult.eligible();
    }

    /** A non-blank form answer, present only when the rule runs after the form. */
    public static Optional<String> answer(RuleContext ctx, String field) {
        return ctx.fact(Facts.FORM_PREFIX + field, String.class).map(String::strip).filter(s -> !s.isEmpty());
    }
}
