package org.opendmv.devices.sim.internal;

import java.time.LocalDate;
import java.util.Objects;

import org.opendmv.devices.api.IdCardData;

/**
 * One synthetic citizen's ID card from {@code sim/citizens.json}. {@link #toString()} shows the profile id
 * only, never the personal data (even synthetic data is logged as if it were real).
 *
 * @param validUntil {@code null} for a long-term (长期) card
 */
record Citizen(String id, String description, String name, IdCardData.Sex sex, String ethnicity, LocalDate birthDate,
        String address, String idNumber, String issuingAuthority, LocalDate validFrom, LocalDate validUntil) {

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

    /** A fresh card data object (the caller wipes it), with a generated placeholder photo if asked. */
    IdCardData toCardData(boolean withPhoto) {
        return IdCardData.builder().name(name).sex(sex).ethnicity(ethnicity).birthDate(birthDate).address(address)
                .idNumber(idNumber).issuingAuthority(issuingAuthority).validFrom(validFrom).validUntil(validUntil)
                .photo(withPhoto ? SimImages.facePhoto(sex, birthDate, validFrom, id.hashCode()) : null)
                .build();
    }

    @Override
    public String toString() {
        return "Citizen[" + id + "]";
    }
}
