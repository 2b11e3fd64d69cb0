package dev.sjl.kit.fuzz;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatusCountsTest {

    @Test
    @DisplayName("Counts answers by class, by status and by kind")
    void counts() {
        StatusCounts counts = new StatusCounts();
        counts.add(HostileKind.VALID, 201);
        counts.add(HostileKind.TRUNCATED_JSON, 400);
        counts.add(HostileKind.TRUNCATED_JSON, 400);
        counts.add(HostileKind.OVERSIZED_BODY, 413);
        counts.add(HostileKind.NULL_EVENT, 0);

        assertThat(counts.total()).isEqualTo(5);
        assertThat(counts.ofClass(4)).isEqualTo(3);
        assertThat(counts.ofClass(5)).isZero();
        assertThat(counts.summary())
                .isEqualTo("5 requests: 1xx 0, 2xx 1, 3xx 0, 4xx 3, 5xx 0, no response 1 (0: 1, 201: 1, 400: 2, 413: 1)");
        assertThat(counts.byKind()).contains("truncated JSON").contains("400 x2").contains("413 x1");
    }
}
