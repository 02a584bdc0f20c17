/** The face models (ONNX) and their licences; see {@link org.opendmv.face.models.Models}. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.opendmv.face.models;
