package dev.sjl.kit.fuzz;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.logging.Level;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

class LogCaptureTest {

    @Test
    @DisplayName("Captures the records of a logger and its children, drains them, and restores the logger on close")
    void captures() {
        Logger parent = Logger.getLogger("dev.sjl.fuzztest");
        Logger child = Logger.getLogger("dev.sjl.fuzztest.Child");
        boolean before = parent.getUseParentHandlers();

        try (LogCapture logs = LogCapture.of("dev.sjl.fuzztest")) {
            child.info("one");
            System.getLogger("dev.sjl.fuzztest.Other").log(System.Logger.Level.WARNING, "two");
            assertThat(logs.drain()).extracting(r -> r.getMessage()).containsExactly("one", "two");
            assertThat(logs.drain()).as("drained").isEmpty();
            child.fine("below the logger's level");
            assertThat(logs.drain()).isEmpty();
            assertThat(parent.getUseParentHandlers()).as("kept off the console while open").isFalse();
            child.log(Level.SEVERE, "three", new IllegalStateException("x"));
            assertThat(logs.drain()).singleElement().satisfies(r -> assertThat(r.getThrown()).isNotNull());
        }
        assertThat(parent.getHandlers()).isEmpty();
        assertThat(parent.getUseParentHandlers()).isEqualTo(before);
    }
}
