package org.opendmv.engine.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.opendmv.business.api.LocalizedText;
import org.opendmv.business.api.StepTypes;
import org.opendmv.business.api.spi.StepContext;
import org.opendmv.business.api.spi.StepResult;
import org.opendmv.business.api.spi.StepType;
import org.opendmv.store.api.Application;
import org.opendmv.store.api.ApplicationStore;
import org.opendmv.store.api.NewApplication;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** RECEIPT: the visit becomes an application with a serial number (流水号). No going back after it. */
@Component(service = StepType.class, property = StepType.STEP_TYPE + "=" + StepTypes.RECEIPT)
public final class ReceiptStep implements StepType {
    private static final Logger LOG = LoggerFactory.getLogger(ReceiptStep.class);
    static final String ID_NUMBER_KEY = "idcard.idNumber";

    private final ApplicationStore store;

    @Activate
    public ReceiptStep(@Reference ApplicationStore store) {
        this.store = store;
    }

    @Override
    public String id() {
        return StepTypes.RECEIPT;
    }

    @Override
    public boolean allowsBackAfter() {
        return false;
    }

    @Override
    public StepResult submit(StepContext ctx, Map<String, Object> input) {
        Map<String, Object> payload = new LinkedHashMap<>();
        ctx.data().forEach((k, v) -> {
            if (v instanceof String || v instanceof Number || v instanceof Boolean) {
                payload.put(k, v);
            }
        });
        Object id = ctx.data().get(ID_NUMBER_KEY);
        try {
            Application a = store.submit(new NewApplication(ctx.business().code(), id instanceof String ? (String) id : null,
                    ctx.business().feeFen(), payload));
            LOG.info("Session {} stored application {}", ctx.sessionId(), a.serial());
            return StepResult.completed(Map.of(SessionImpl.SERIAL_KEY, a.serial()));
        } catch (RuntimeException e) {
            LOG.error("Session {} could not store its application", ctx.sessionId(), e);
            return StepResult.invalid(Map.of("", LocalizedText.of("申请保存失败，请重试；如仍不成功请联系工作人员",
                    "The application could not be saved; please try again or ask staff")));
        }
    }
}
