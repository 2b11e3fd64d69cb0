package dev.sjl.localcloud;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The ObjectMapper of the classes a {@link LocalCloud} creates before its emulators start but that read or write JSON
 * only later. It is made on first use: Jackson's own start, about 0.25 s of class loading in a fresh JVM, would
 * otherwise come before any emulator's process is spawned.
 */
final class Jackson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Jackson() {
    }
}
