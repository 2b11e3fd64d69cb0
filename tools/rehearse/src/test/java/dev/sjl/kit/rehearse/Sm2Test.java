package dev.sjl.kit.rehearse;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class Sm2Test {

    private static final LocalDate DAY_ONE = LocalDate.of(2026, 3, 2);

    /** Grades a new card once per due date and returns each schedule. */
    private static List<CardSchedule> run(Grade... grades) {
        List<CardSchedule> schedules = new ArrayList<>();
        CardSchedule current = null;
        LocalDate today = DAY_ONE;
        for (Grade g : grades) {
            current = Sm2.review(current, g, today);
            schedules.add(current);
            today = current.due();
        }
        return schedules;
    }

    @Test
    @Tag("task:3")
    @DisplayName("Good, good, good, good: intervals 1, 6, 15, 38 days at ease 2.5")
    void goodSequence() {
        List<CardSchedule> s = run(Grade.GOOD, Grade.GOOD, Grade.GOOD, Grade.GOOD);

        assertThat(s).extracting(CardSchedule::intervalDays).as("SM-2: 1, 6, then round(I × EF)")
                .containsExactly(1, 6, 15, 38);
        assertThat(s).extracting(CardSchedule::repetitions).containsExactly(1, 2, 3, 4);
        assertThat(s).extracting(CardSchedule::easeFactor).as("Quality 4 leaves the ease factor unchanged")
                .containsOnly(new BigDecimal("2.50"));
        assertThat(s).extracting(CardSchedule::due).as("Due = review day + interval").containsExactly(
                LocalDate.of(2026, 3, 3), LocalDate.of(2026, 3, 9), LocalDate.of(2026, 3, 24),
                LocalDate.of(2026, 5, 1));
    }

    @Test
    @Tag("task:3")
    @DisplayName("Easy raises the ease by 0.1 and the interval uses the ease from before the review")
    void easySequence() {
        List<CardSchedule> s = run(Grade.EASY, Grade.EASY, Grade.EASY);

        assertThat(s).extracting(CardSchedule::easeFactor)
                .containsExactly(new BigDecimal("2.60"), new BigDecimal("2.70"), new BigDecimal("2.80"));
        assertThat(s).extracting(CardSchedule::intervalDays).as("round(6 × 2.7) = 16").containsExactly(1, 6, 16);
    }

    @Test
    @Tag("task:3")
    @DisplayName("Hard keeps the card passing but lowers the ease by 0.14")
    void hardSequence() {
        List<CardSchedule> s = run(Grade.HARD, Grade.HARD, Grade.HARD);

        assertThat(s).extracting(CardSchedule::easeFactor)
                .containsExactly(new BigDecimal("2.36"), new BigDecimal("2.22"), new BigDecimal("2.08"));
        assertThat(s).extracting(CardSchedule::intervalDays).as("round(6 × 2.22) = 13").containsExactly(1, 6, 13);
    }

    @Test
    @Tag("task:3")
    @DisplayName("Again resets repetitions and interval, and the ease never drops below 1.3")
    void againSequence() {
        List<CardSchedule> s = run(Grade.GOOD, Grade.GOOD, Grade.AGAIN, Grade.AGAIN, Grade.AGAIN, Grade.GOOD);

        assertThat(s).extracting(CardSchedule::repetitions).containsExactly(1, 2, 0, 0, 0, 1);
        assertThat(s).extracting(CardSchedule::intervalDays).containsExactly(1, 6, 1, 1, 1, 1);
        assertThat(s).extracting(CardSchedule::easeFactor).as("2.5 − 0.54 − 0.54, then clamped at 1.3")
                .containsExactly(new BigDecimal("2.50"), new BigDecimal("2.50"), new BigDecimal("1.96"),
                        new BigDecimal("1.42"), new BigDecimal("1.30"), new BigDecimal("1.30"));
    }

    @Test
    @Tag("task:3")
    @DisplayName("Reads grades as digits, names or initials")
    void parsesGrades() {
        assertThat(Grade.parse("1")).contains(Grade.AGAIN);
        assertThat(Grade.parse("hard")).contains(Grade.HARD);
        assertThat(Grade.parse(" G ")).contains(Grade.GOOD);
        assertThat(Grade.parse("4")).contains(Grade.EASY);
        assertThat(Grade.parse("5")).isEmpty();
        assertThat(Grade.parse("x")).isEmpty();
    }
}
