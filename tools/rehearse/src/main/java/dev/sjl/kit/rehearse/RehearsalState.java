package dev.sjl.kit.rehearse;

import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The candidate's progress: a schedule per card id, and the seed that fixes the order of new cards, so a session
 * resumed tomorrow continues with the card after the last one seen. Guarded by its own lock: the Ctrl-C hook saves
 * it from another thread.
 */
final class RehearsalState {

    static final int VERSION = 1;

    /** The file's shape; cards sorted by id so that the file diffs cleanly. */
    record File(int version, long seed, SortedMap<String, CardSchedule> cards) {
    }

    private final long seed;
    private final TreeMap<String, CardSchedule> cards;

    RehearsalState(long seed, Map<String, CardSchedule> cards) {
        this.seed = seed;
        this.cards = new TreeMap<>(cards);
    }

    long seed() {
        return seed;
    }

    synchronized Optional<CardSchedule> schedule(String id) {
        return Optional.ofNullable(cards.get(id));
    }

    synchronized void put(String id, CardSchedule schedule) {
        cards.put(id, schedule);
    }

    synchronized int size() {
        return cards.size();
    }

    synchronized File snapshot() {
        return new File(VERSION, seed, new TreeMap<>(cards));
    }
}
