package org.opendmv.engine.api;

import java.util.List;
import org.opendmv.business.api.BusinessDescriptor;

/**
 * Rule parameters as live configuration. Each installed business has the Config Admin PID
 * {@code org.opendmv.business.<code>} (also reachable as {@code etc/org.opendmv.business.<code>.cfg});
 * its {@code rule.*} properties override the descriptor's, which override the rules' defaults.
 * A changed value applies to the next visit; a bad one is refused and the last good one kept.
 */
public interface BusinessSettings {
    /** The PID prefix; the PID of a business is this followed by its code. */
    String PID_PREFIX = "org.opendmv.business.";

    /** Every parameter the business's rules declare or its descriptor sets, in key order; empty for an unknown code. */
    List<EffectiveParameter> parameters(String code);

    /** The descriptor as the next visit sees it: its {@code properties} with the effective rule parameters. */
    BusinessDescriptor forNextVisit(BusinessDescriptor business);
}
