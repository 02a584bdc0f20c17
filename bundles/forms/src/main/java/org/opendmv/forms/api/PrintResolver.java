package org.opendmv.forms.api;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Provided by the engine: what an application stored <em>without</em> its {@code print.*} keys prints
 * (one taken before forms came from business descriptors, still waiting in the outbox), resolved from its
 * business's descriptor as installed now. The back office uses it before giving up on such an application.
 */
@ProviderType
public interface PrintResolver {
    /**
     * The {@code print.*} keys ({@link FilledForm#PRINT_KIND} ...) for a stored payload, from its
     * {@code business.code}; empty when that business, or the form it names, is not installed.
     */
    Map<String, Object> print(Map<String, ?> payload);
}
