package dev.sjl.kit.rehearse;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * SM-2's memory of one card.
 *
 * @param repetitions  successful reviews in a row (reset by a lapse)
 * @param intervalDays days between the last review and the next
 * @param easeFactor   how fast the interval grows; never below 1.3
 * @param due          the day the card is next shown
 * @param lastReviewed the day it was last graded
 */
record CardSchedule(int repetitions, int intervalDays, BigDecimal easeFactor, LocalDate due, LocalDate lastReviewed) {

    boolean isDue(LocalDate today) {
        return !due.isAfter(today);
    }

    /** A state file edited by hand or cut short can hold anything: this is what a schedule must satisfy. */
    boolean isPlausible() {
        return repetitions >= 0 && intervalDays >= 0 && easeFactor != null
                && easeFactor.compareTo(Sm2.MIN_EASE) >= 0 && due != null && lastReviewed != null
                && !due.isBefore(lastReviewed);
    }
}
