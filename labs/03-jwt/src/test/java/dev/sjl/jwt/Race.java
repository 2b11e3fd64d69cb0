package dev.sjl.jwt;

import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiPredicate;
import java.util.function.IntFunction;

/**
 * Two threads, released together, each try to win the same thing (an email, a refresh token) on a fresh subject,
 * round after round. Code whose check and write are one atomic step lets exactly one of them win every round; code
 * that checks, then writes, lets both win as soon as the two threads meet between the check and the write. The
 * tests that use this make that gap wide (see each one), so a race is caught in the first rounds; the number of
 * rounds is fixed, never a time limit.
 */
final class Race {

    /** How long a thread spins for the other before giving its core away (the machine may have fewer free cores). */
    private static final int SPINS_BEFORE_YIELD = 10_000;

    private Race() {
    }

    /**
     * The first round in which both attempts won, or empty when none did in {@code rounds} rounds.
     *
     * @param fresh   makes the subject of one round (a new repository, a new token service...)
     * @param attempt one thread's try on the subject ({@code 0} or {@code 1}): true when it won
     */
    static <S> OptionalInt firstDoubleWin(int rounds, IntFunction<S> fresh, BiPredicate<S, Integer> attempt) {
        AtomicInteger arrived = new AtomicInteger();
        AtomicReferenceArray<S> subjects = new AtomicReferenceArray<>(2);
        boolean[][] wins = new boolean[2][rounds];
        AtomicInteger doubleWin = new AtomicInteger(-1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] threads = new Thread[2];
        for (int t = 0; t < 2; t++) {
            int me = t;
            threads[t] = new Thread(() -> {
                try {
                    for (int round = 0; round < rounds; round++) {
                        // Thread 0 prepares the round; the slot alternates, so it never overwrites the subject the
                        // other thread may still be using for the round before.
                        if (me == 0) {
                            subjects.set(round & 1, fresh.apply(round));
                        }
                        if (!meet(arrived, 2 * (round + 1), failure)) {
                            return;
                        }
                        // Both finished the round before: stop at the first double win.
                        if (round > 0 && wins[0][round - 1] && wins[1][round - 1]) {
                            doubleWin.compareAndSet(-1, round - 1);
                            return;
                        }
                        wins[me][round] = attempt.test(subjects.get(round & 1), me);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "race-" + t);
        }
        for (Thread thread : threads) {
            thread.start();
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while two threads raced", e);
            }
        }
        Throwable thrown = failure.get();
        if (thrown != null) {
            Outcomes.rethrowTodo(thrown);
            throw new AssertionError("a racing thread threw " + thrown, thrown);
        }
        if (doubleWin.get() < 0 && wins[0][rounds - 1] && wins[1][rounds - 1]) {
            doubleWin.set(rounds - 1);
        }
        return doubleWin.get() < 0 ? OptionalInt.empty() : OptionalInt.of(doubleWin.get());
    }

    /** Arrives, then waits for the other thread; false when the other thread failed and will never come. */
    private static boolean meet(AtomicInteger arrived, int target, AtomicReference<Throwable> failure) {
        arrived.incrementAndGet();
        for (int spins = 0; arrived.get() < target; spins++) {
            if (failure.get() != null) {
                return false;
            }
            if (spins < SPINS_BEFORE_YIELD) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        return true;
    }
}
