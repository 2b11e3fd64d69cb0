package dev.sjl.kit.rehearse;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;

/**
 * The SM-2 algorithm (Piotr Woźniak, SuperMemo 2, 1987), as usually stated:
 * <pre>
 * if q &gt;= 3: I = 1, then 6, then round(I × EF); n += 1
 * else:      n = 0; I = 1
 * EF = max(1.3, EF + 0.1 − (5 − q) × (0.08 + (5 − q) × 0.02))
 * </pre>
 * The interval is computed with the ease factor from before this review. Ease factors are kept as exact decimals
 * (the formula only ever adds multiples of 0.02), so a state file never accumulates binary rounding noise.
 */
final class Sm2 {

    static final BigDecimal INITIAL_EASE = new BigDecimal("2.50");
    static final BigDecimal MIN_EASE = new BigDecimal("1.30");

    private Sm2() {
    }

    /** The schedule after grading a card today; {@code previous} is null for a card never seen. */
    static CardSchedule review(CardSchedule previous, Grade grade, LocalDate today) {
        int n = previous == null ? 0 : previous.repetitions();
        int interval = previous == null ? 0 : previous.intervalDays();
        BigDecimal ease = previous == null ? INITIAL_EASE : previous.easeFactor();
        int q = grade.quality;
        if (q >= 3) {
            if (n == 0) {
                interval = 1;
            } else if (n == 1) {
                interval = 6;
            } else {
                interval = BigDecimal.valueOf(interval).multiply(ease).setScale(0, RoundingMode.HALF_UP)
                        .intValueExact();
            }
            n++;
        } else {
            n = 0;
            interval = 1;
        }
        int miss = 5 - q;
        BigDecimal delta = new BigDecimal("0.10").subtract(BigDecimal.valueOf(miss)
                .multiply(new BigDecimal("0.08").add(BigDecimal.valueOf(miss).multiply(new BigDecimal("0.02")))));
        BigDecimal newEase = ease.add(delta).max(MIN_EASE).setScale(2, RoundingMode.HALF_UP);
        return new CardSchedule(n, interval, newEase, today.plusDays(interval), today);
    }
}
