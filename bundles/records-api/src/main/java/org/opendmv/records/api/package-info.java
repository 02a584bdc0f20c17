/**
 * Records gateway: what the traffic-management back end (公安交通管理综合应用平台) knows about a
 * driver and an owner's vehicles. A deployment registers one {@link org.opendmv.records.api.RecordsGateway}
 * (the embedded simulator by default); the engine's CHECK step asks it.
 */
@Export
@Version("1.0.0")
package org.opendmv.records.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
