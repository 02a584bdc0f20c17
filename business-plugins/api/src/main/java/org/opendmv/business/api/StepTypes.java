package org.opendmv.business.api;

/** Identifiers of the standard step types a descriptor may list, in visit order. */
public final class StepTypes {
    public static final String IDENTIFY = "IDENTIFY";
    public static final String CHECK = "CHECK";
    public static final String FORM = "FORM";
    public static final String MATERIALS = "MATERIALS";
    public static final String PHOTO = "PHOTO";
    public static final String SIGN = "SIGN";
    public static final String PAY = "PAY";
    public static final String RECEIPT = "RECEIPT";

    private StepTypes() {
    }
}
