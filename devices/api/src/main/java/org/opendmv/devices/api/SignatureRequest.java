package org.opendmv.devices.api;

import java.util.Objects;

/** Request for {@link SignaturePad#capture}: the prompt a pad with a display shows. */
public final class SignatureRequest {
    /** No prompt text. */
    public static final SignatureRequest DEFAULT = new SignatureRequest("");

    private final String prompt;

    private SignatureRequest(String prompt) {
        this.prompt = Objects.requireNonNull(prompt, "prompt");
    }

    /** With a prompt, e.g. {@code "请在框内签名"}. */
    public static SignatureRequest withPrompt(String prompt) {
        return new SignatureRequest(prompt);
    }

    /** Prompt text, possibly empty. */
    public String prompt() {
        return prompt;
    }

    @Override
    public String toString() {
        return "SignatureRequest[prompt=" + !prompt.isEmpty() + "]";
    }
}
