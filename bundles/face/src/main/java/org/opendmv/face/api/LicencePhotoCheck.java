package org.opendmv.face.api;

import java.awt.image.BufferedImage;

/**
 * The licence photo's face rules of FLOWS.md §5: exactly one face; at 260×378 px the head is 165–189 px wide
 * and 224–260 px long, the top of the hair 10–20 px below the top edge, the face centred. An OSGi service.
 */
public interface LicencePhotoCheck {

    /** Checks an upright photo (any size) and proposes the crop. Never throws for a bad photo: a verdict says why. */
    PhotoVerdict check(BufferedImage photo);
}
