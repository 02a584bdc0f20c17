package org.opendmv.devices.sim.internal;

import static org.junit.Assert.assertEquals;
import static org.opendmv.devices.sim.internal.SimFixture.assertFails;
import static org.opendmv.devices.sim.internal.SimFixture.get;

import java.awt.image.BufferedImage;
import java.util.List;

import org.junit.After;
import org.junit.Test;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.SignaturePad;
import org.opendmv.devices.api.SignatureRequest;
import org.opendmv.devices.api.SignatureResult;

public class SimSignaturePadTest {
    private final SimFixture fx = new SimFixture();

    @After
    public void tearDown() {
        fx.close();
    }

    @Test
    public void capturesAPngOfTheStrokes() throws Exception {
        SignaturePad p = (SignaturePad) fx.handler("signature-pad", DeviceClass.SIGNATURE_PAD,
                "sim.signature.strokes", "2").device();
        SignatureResult r = get(p.capture(SignatureRequest.withPrompt("请在框内签名"), fx.ctx()));
        assertEquals(2, r.strokeCount());
        BufferedImage img = SimFixture.decode(r.png());
        assertEquals(600, img.getWidth());
        assertEquals(200, img.getHeight());
        int dark = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                if ((img.getRGB(x, y) & 0xFF) < 128) {
                    dark++;
                }
            }
        }
        org.junit.Assert.assertTrue("ink on the pad: " + dark, dark > 50);
        assertEquals(List.of("SIGN_PROMPT", "STROKE_ADDED(1)", "STROKE_ADDED(2)"), fx.eventTypes());
    }

    @Test
    public void emptySignatureIsAUserError() throws Exception {
        SignaturePad p = (SignaturePad) fx.handler("signature-pad", DeviceClass.SIGNATURE_PAD,
                "sim.fault", "EMPTY_SIGNATURE").device();
        assertFails(p.capture(SignatureRequest.DEFAULT, fx.ctx()), CompletionCode.USER_ERROR,
                SignaturePad.CaptureError.EMPTY_SIGNATURE.name());
        fx.control.fail("signature-pad", "SIGNED");
        assertEquals(3, get(p.capture(SignatureRequest.DEFAULT, fx.ctx())).strokeCount());
    }
}
