package org.opendmv.forms.internal;

import java.util.List;
import java.util.Optional;

import org.opendmv.forms.api.ApplicationForms;
import org.opendmv.forms.api.FormBox;
import org.opendmv.forms.api.FilledForm;
import org.opendmv.forms.api.FormLayout;
import org.opendmv.forms.api.FormTemplate;
import org.opendmv.forms.api.ReceiptContent;
import org.opendmv.forms.api.ReceiptData;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ApplicationForms} service. Works without a configuration (defaults); PID
 * {@value #PID} changes the font and the receipt. A missing font does not stop the component: it is
 * logged at activation and {@link #render} then fails with the message naming the package to install.
 */
@Component(service = ApplicationForms.class, configurationPid = FormsComponent.PID)
@Designate(ocd = FormsConfig.class)
public final class FormsComponent implements ApplicationForms {
    public static final String PID = "org.opendmv.forms";
    private static final Logger LOG = LoggerFactory.getLogger(FormsComponent.class);

    private volatile Settings settings = Settings.defaults();
    private final Layouts layouts = new Layouts();

    /** For tests and plain Java use. */
    public FormsComponent() {
    }

    FormsComponent(Settings settings) {
        this.settings = settings;
    }

    @Activate
    @Modified
    void configure(FormsConfig config) {
        Settings s = Settings.from(config);
        this.settings = s;
        // parsing the CJK font collection takes 0.5-0.8 s of a boot: check it off the thread that starts the
        // bundles (only the log line depends on it; render() opens the font itself)
        CompletableFuture.runAsync(() -> checkFont(s));
    }

    private static void checkFont(Settings s) {
        try (CjkFont f = CjkFont.open(s.fontPaths(), s.fontName())) {
            LOG.info("Application forms use the font {}", f.path());
        } catch (IllegalStateException e) {
            LOG.error(e.getMessage());
        } catch (java.io.IOException e) {
            LOG.warn("Closing the font failed", e);
        }
    }

    /** A form outside the official two; plain Java callers may add one too. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addTemplate(FormTemplate template) {
        layouts.add(template);
    }

    public void removeTemplate(FormTemplate template) {
        layouts.remove(template);
    }

    @Override
    public byte[] render(FilledForm data) {
        FormLayout layout = layouts.checked(data);
        return new PdfFormRenderer(settings).render(data, layout);
    }

    @Override
    public List<FormBox> boxes(FilledForm data) {
        FormLayout layout = layouts.checked(data);
        return FormModel.official(data) ? FormModel.allBoxes(data) : GenericFormRenderer.boxes(data, layout);
    }

    @Override
    public Optional<FormLayout> layout(String kind) {
        return layouts.layout(kind);
    }

    @Override
    public ReceiptContent receipt(ReceiptData data) {
        return new ReceiptRenderer(settings).render(data);
    }
}
