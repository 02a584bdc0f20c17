/**
 * What a kiosk and the central say to each other over MQTT: topic names ({@link org.opendmv.fleet.api.FleetTopics}),
 * the JSON messages ({@link org.opendmv.fleet.api.Heartbeat}, {@link org.opendmv.fleet.api.DeviceStatusReport},
 * {@link org.opendmv.fleet.api.ErrorEvent}, {@link org.opendmv.fleet.api.DailySummary} up from a kiosk,
 * {@link org.opendmv.fleet.api.DesiredState} down to a group), their codec
 * ({@link org.opendmv.fleet.api.FleetCodec}: bad input is a {@link org.opendmv.fleet.api.Decoded} error, never an
 * exception) and the central's sink for what arrives ({@link org.opendmv.fleet.api.FleetRegistry}).
 *
 * <p>Every kiosk message carries {@code "v":1}, {@code kioskId}, {@code office}, {@code at} (ISO-8601 instant)
 * and {@code seq}, a per-kiosk number that grows by one with every message the kiosk sends, whatever its kind.
 * No message carries personal data: states, codes, versions and counts only.
 */
@Export
@Version("1.0.0")
package org.opendmv.fleet.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
