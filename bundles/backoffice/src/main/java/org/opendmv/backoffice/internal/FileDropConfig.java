package org.opendmv.backoffice.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "OpenDMV back office: file drop",
        description = "Delivers each application as a folder (named by its serial) with application.json, form.pdf and the"
                + " attachments, written atomically into a folder the back office collects from")
@interface FileDropConfig {
    @AttributeDefinition(name = "Folder", required = false,
            description = "Where the application folders appear; empty: ${karaf.data}/backoffice/outgoing")
    String folder() default "";
}
