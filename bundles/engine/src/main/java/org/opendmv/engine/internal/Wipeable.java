package org.opendmv.engine.internal;

/** A session value holding personal data that must be erased when the visit ends. */
interface Wipeable {
    void wipe();
}
