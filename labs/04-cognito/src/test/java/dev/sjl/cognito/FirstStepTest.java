package dev.sjl.cognito;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FirstStepTest {

    @Test
    @Tag("task:1")
    @DisplayName("Answers ready")
    void answersReady() {
        assertThat(new FirstStep().answer()).as("FirstStep.answer() should say it is ready")
                .isEqualTo("ready");
    }
}
