package org.opendmv.records.sim.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "OpenDMV records simulator",
        description = "Embedded synthetic driver and vehicle records, for demos, training and tests. Replace with a gateway to the traffic-management platform in production.")
@interface SimRecordsConfig {
    @AttributeDefinition(name = "Dataset file", description = "Path of a JSON dataset in the format of the bundled sim/records.json; empty = the bundled one")
    String dataset_file() default "";

    @AttributeDefinition(name = "Today", description = "Date (yyyy-MM-dd) that relative dates in the dataset count from; empty = the real date")
    String today() default "";

    @AttributeDefinition(name = "Latency (ms)", description = "Delay added to every look-up, to rehearse a slow back end", min = "0", max = "60000")
    int latency_ms() default 0;

    @AttributeDefinition(name = "Unavailable", description = "Answer every look-up with 'records unavailable', to rehearse an outage")
    boolean unavailable() default false;

    @AttributeDefinition(name = "Ranking", description = "service.ranking of this gateway; a production gateway should rank higher")
    int service_ranking() default -100;
}
