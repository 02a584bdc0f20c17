package org.opendmv.devices.sim.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Objects;

import org.opendmv.devices.api.IdCardData;

/**
 * One synthetic citizen's ID card from {@code sim/citizens.json}. {@link #toString()} shows the profile id
 * only, never the personal data (even synthetic data is logged as if it were real).
 *
 * @param validUntil {@code null} for a long-term (长期) card
 * @param photo {@code null}, or a picture file (PNG or JPEG) given as the chip photo instead of the generated
 *        placeholder (test-citizen files only; e.g. a face for demos and tests of a real face camera)
 */
record Citizen(String id, String description, String name, IdCardData.Sex sex, String ethnicity, LocalDate birthDate,
        String address, String idNumber, String issuingAuthority, LocalDate validFrom, LocalDate validUntil, Path photo) {

    Citizen(String id, String description, String name, IdCardData.Sex sex, String ethnicity, LocalDate birthDate,
            String address, String idNumber, String issuingAuthority, LocalDate validFrom, LocalDate validUntil) {
        this(id, description, name, sex, ethnicity, birthDate, address, idNumber, issuingAuthority, validFrom, validUntil, null);
    }

    Citizen {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sex, "sex");
        Objects.requireNonNull(ethnicity, "ethnicity");
        Objects.requireNonNull(birthDate, "birthDate");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(idNumber, "idNumber");
        Objects.requireNonNull(issuingAuthority, "issuingAuthority");
        Objects.requireNonNull(validFrom, "validFrom");
    }

    /**
     * A fresh card data object (the caller wipes it), with a photo if asked: the citizen's {@link #photo() photo
     * file} as a 102×126 PNG, or a generated placeholder.
     *
     * @throws IOException if the photo file cannot be read or decoded any more
     */
    IdCardData toCardData(boolean withPhoto) throws IOException {
        byte[] picture = !withPhoto ? null
                : photo != null ? SimImages.chipPhoto(photo) : SimImages.facePhoto(sex, birthDate, validFrom, id.hashCode());
        return IdCardData.builder().name(name).sex(sex).ethnicity(ethnicity).birthDate(birthDate).address(address)
                .idNumber(idNumber).issuingAuthority(issuingAuthority).validFrom(validFrom).validUntil(validUntil)
                .photo(picture)
                .build();
    }

    @Override
    public String toString() {
        return "Citizen[" + id + "]";
    }
}
