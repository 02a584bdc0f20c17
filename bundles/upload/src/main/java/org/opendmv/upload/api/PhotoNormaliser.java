package org.opendmv.upload.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Turns a phone photo into a driving-licence photo (FLOWS.md §5): checks it, applies the EXIF
 * orientation, crops and scales to 260×378, writes JPEG at 300 dpi between 14 and 30 KB. The
 * original bytes are not kept.
 */
@ProviderType
public interface PhotoNormaliser {
    /**
     * @param upload the bytes as they arrived (JPEG or PNG)
     * @return the normalised JPEG
     * @throws PhotoRejected with the reason when the photo cannot be used
     */
    byte[] normalise(byte[] upload) throws PhotoRejected;
}
