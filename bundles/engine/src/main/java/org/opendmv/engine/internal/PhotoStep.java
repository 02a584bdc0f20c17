package org.opendmv.engine.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.opendmv.business.api.Facts;
import org.opendmv.business.api.LocalizedText;
import org.opendmv.business.api.StepTypes;
import org.opendmv.business.api.spi.StepContext;
import org.opendmv.business.api.spi.StepResult;
import org.opendmv.business.api.spi.StepType;
import org.osgi.service.component.annotations.Component;

/**
 * PHOTO (engine side): the licence photo arrives as input {@code {photo: byte[] JPEG}} — from the
 * phone-upload service, which has already checked and normalised it — and is shown for
 * acceptance: {@code {accept: true}} completes, {@code {retry: true}} discards it so a new one
 * can come. Phase in {@code photo.phase}: WAITING → REVIEW.
 */
@Component(service = StepType.class, property = StepType.STEP_TYPE + "=" + StepTypes.PHOTO)
public final class PhotoStep implements StepType {
    static final String PHASE = "photo.phase";
    /** Where the phone uploads, for the QR code (set by the upload service). */
    static final String URL = "photo.url";
    static final String URL_EXPIRES = "photo.urlExpiresAt";
    /** Inputs from the upload service. */
    static final String UPLOAD_URL = "upload.url";
    static final String UPLOAD_EXPIRES = "upload.expiresAt";
    static final String UPLOAD_REJECTED = "upload.rejected";
    /** Larger than any normalised licence photo (≤ 30 KB) by far; a guard, not the spec. */
    static final int MAX_BYTES = 2 * 1024 * 1024;

    @Override
    public String id() {
        return StepTypes.PHOTO;
    }

    @Override
    public Duration defaultIdleTimeout() {
        // the citizen takes out a phone, scans, takes a picture
        return Duration.ofSeconds(300);
    }

    @Override
    public StepResult submit(StepContext ctx, Map<String, Object> input) {
        Object url = input.get(UPLOAD_URL);
        if (url != null) {
            // the upload service has a ticket for this visit: the screen shows it as a QR code
            if (!(url instanceof String) || ((String) url).length() > 512 || !((String) url).matches("https?://\\S+")) {
                return StepResult.invalid(Map.of("", LocalizedText.of("上传服务暂不可用，请联系工作人员", "The upload service is not available; please ask staff")));
            }
            Map<String, Object> d = new LinkedHashMap<>();
            d.put(URL, url);
            Object expires = input.get(UPLOAD_EXPIRES);
            if (expires instanceof java.time.Instant) {
                d.put(URL_EXPIRES, expires);
            }
            return StepResult.progress(d);
        }
        Object rejected = input.get(UPLOAD_REJECTED);
        if (rejected instanceof LocalizedText) {
            // the phone sent a photo that cannot be used: the kiosk says why as well
            return StepResult.invalid(Map.of("photo", (LocalizedText) rejected));
        }
        Object photo = input.get("photo");
        if (photo != null) {
            if (!(photo instanceof byte[]) || !isJpeg((byte[]) photo)) {
                return StepResult.invalid(Map.of("photo", LocalizedText.of("照片格式不正确，请重新上传", "The photo is not a JPEG; please upload again")));
            }
            if (((byte[]) photo).length > MAX_BYTES) {
                return StepResult.invalid(Map.of("photo", LocalizedText.of("照片文件过大，请重新上传", "The photo file is too large; please upload again")));
            }
            Map<String, Object> d = new LinkedHashMap<>();
            d.put(Facts.PHOTO, ((byte[]) photo).clone());
            d.put(PHASE, "REVIEW");
            return StepResult.progress(d);
        }
        if (Boolean.TRUE.equals(input.get("retry"))) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put(Facts.PHOTO, StepResult.REMOVE);
            d.put(URL, StepResult.REMOVE);
            d.put(PHASE, "WAITING");
            return StepResult.progress(d);
        }
        if (Boolean.TRUE.equals(input.get("accept"))) {
            if (!(ctx.data().get(Facts.PHOTO) instanceof byte[])) {
                return StepResult.invalid(Map.of("photo", LocalizedText.of("尚未收到照片，请用手机扫码上传", "No photo yet; scan the QR code with your phone to upload one")));
            }
            return StepResult.completed(Map.of(PHASE, "ACCEPTED"));
        }
        return StepResult.invalid(Map.of("photo", LocalizedText.of("请用手机扫描二维码上传照片", "Scan the QR code with your phone to upload a photo")));
    }

    static boolean isJpeg(byte[] b) {
        return b.length > 4 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff;
    }
}
