package dev.sjl.jwt;

import dev.sjl.kit.fuzz.StarterTodo;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiPredicate;
import java.util.function.IntFunction;

/**
 * A few threads, released together, each try to win the same thing (an email, a refresh token) on a fresh subject,
 * round after round. Code whose check and write are one atomic step lets exactly one of them win every round; code
 * that checks, then writes, lets two win as soon as two threads meet between the check and the write. The tests that
 * use this make that gap wide (see each one), so a race is caught in the first rounds; the number of rounds is fixed,
 * never a time limit.
 */
final class Race {

    /** How long a thread spins for the other before giving its core away (the machine may have fewer free cores). */
    private static final int SPINS_BEFORE_YIELD = 10_000;

    private Race() {
    }

    /** {@link #firstDoubleWin(int, int, IntFunction, BiPredicate)} with two threads. */
    static <S> OptionalInt firstDoubleWin(int rounds, IntFunction<S> fresh, BiPredicate<S, Integer> attempt) {
        return firstDoubleWin(2, rounds, fresh, attempt);
    }

    /**
     * The first round in which two attempts or more won, or empty when none did in {@code rounds} rounds.
     *
     * @param racers  how many threads race each round (more than the machine's cores makes the scheduler cut them
     *                off mid-step, which is when a check-then-write loses)
     * @param fresh   makes the subject of one round (a new repository, a new token service...)
     * @param attempt one thread's try on the subject (the thread's number, from 0): true when it won
     */
    static <S> OptionalInt firstDoubleWin(int racers, int rounds, IntFunction<S> fresh, BiPredicate<S, Integer> attempt) {
        AtomicInteger arrived = new AtomicInteger();
        AtomicReferenceArray<S> subjects = new AtomicReferenceArray<>(2);
        boolean[][] wins = new boolean[racers][rounds];
        AtomicInteger doubleWin = new AtomicInteger(-1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] threads = new Thread[racers];
        for (int t = 0; t < racers; t++) {
            int me = t;
            threads[t] = new Thread(() -> {
                try {
                    for (int round = 0; round < rounds; round++) {
                        // Thread 0 prepares the round; the slot alternates, so it never overwrites the subject another
                        // thread may still be using for the round before.
                        if (me == 0) {
                            subjects.set(round & 1, fresh.apply(round));
                        }
                        if (!meet(arrived, racers * (round + 1), failure)) {
                            return;
                        }
                        // All finished the round before: stop at the first double win.
                        if (round > 0 && winners(wins, round - 1) > 1) {
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
            StarterTodo.rethrow(thrown);
            throw new AssertionError("a racing thread threw " + thrown, thrown);
        }
        if (doubleWin.get() < 0 && winners(wins, rounds - 1) > 1) {
            doubleWin.set(rounds - 1);
        }
        return doubleWin.get() < 0 ? OptionalInt.empty() : OptionalInt.of(doubleWin.get());
    }

    private static int winners(boolean[][] wins, int round) {
        int winners = 0;
        for (boolean[] racer : wins) {
            winners += racer[round] ? 1 : 0;
        }
        return winners;
    }

    /** Arrives, then waits for the other threads; false when one failed and will never come. */
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
