/**
 * Faces for the kiosk: frames from a camera, a video file, an image directory or a GStreamer pipeline
 * ({@link org.opendmv.face.api.FrameSources}), face detection, 68 landmarks and a 128-D embedding
 * ({@link org.opendmv.face.api.FaceAnalyzer}) and the licence-photo head-size rules of FLOWS.md §5
 * ({@link org.opendmv.face.api.LicencePhotoCheck}). Frames stay in memory; callers {@link
 * org.opendmv.face.api.Frame#wipe() wipe} them when done.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.opendmv.face.api;
