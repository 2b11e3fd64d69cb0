package dev.sjl.localcloud.providers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * One fake provider (e-mail or SMS): its inbox and how it answers. Switch it to fail, throttle or hang from a test,
 * then {@link #recover()}: the point of a queue in front of a provider is what happens while it misbehaves.
 * Thread-safe: requests arrive on the server's threads while a test reads the inbox.
 */
public final class Provider {

    /** How the provider answers the next request. */
    public enum Mode {
        /** Accepts and delivers. */
        OK,
        /** 500 or 503, as a provider in an outage answers. */
        FAIL,
        /** 429 Too Many Requests with a {@code Retry-After} header. */
        THROTTLE,
        /** Holds the connection without answering until the mode changes (a client without a timeout waits too). */
        HANG
    }

    /** The longest a hung request is held, so a forgotten {@link #hang()} cannot keep a thread for ever. */
    static final Duration MAX_HANG = Duration.ofSeconds(60);

    private final String name;
    private final List<Delivery> inbox = new ArrayList<>();
    private final Set<String> rejected = ConcurrentHashMap.newKeySet();
    private Mode mode = Mode.OK;
    private Duration retryAfter = Duration.ofSeconds(1);
    private int failuresLeft;
    private int attempts;
    private CountDownLatch released = new CountDownLatch(1);

    Provider(String name) {
        this.name = name;
    }

    /** {@code email} or {@code sms}. */
    public String name() {
        return name;
    }

    /** What was accepted, oldest first. */
    public synchronized List<Delivery> inbox() {
        return List.copyOf(inbox);
    }

    /** Every send request that reached the provider, accepted or refused: retries show up here, not in the inbox. */
    public synchronized int attempts() {
        return attempts;
    }

    public synchronized Mode mode() {
        return mode;
    }

    /** Every request from now on fails with a 5xx, until {@link #recover()}. */
    public void fail() {
        switchTo(Mode.FAIL, retryAfter);
    }

    /** Only the next {@code count} requests fail with a 5xx; then the provider accepts again by itself. */
    public synchronized void failNext(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be 0 or more, was " + count);
        }
        failuresLeft = count;
    }

    /** Every request from now on gets 429 with {@code Retry-After} in whole seconds (at least 1). */
    public void throttle(Duration retryAfter) {
        switchTo(Mode.THROTTLE, retryAfter);
    }

    /** Every request from now on is held unanswered, until the mode changes (at most {@link #MAX_HANG}). */
    public void hang() {
        switchTo(Mode.HANG, retryAfter);
    }

    /** Back to accepting; requests that were hanging are answered with a 503 as the connection drops. */
    public void recover() {
        switchTo(Mode.OK, retryAfter);
    }

    /**
     * Refuses this recipient for good (a 400, as for an address the provider will never deliver to): a poison
     * message, which no amount of retrying fixes.
     */
    public void reject(String recipient) {
        rejected.add(recipient);
    }

    /** Empties the inbox, forgets rejected recipients and counts, and accepts again. */
    public synchronized void reset() {
        inbox.clear();
        rejected.clear();
        attempts = 0;
        failuresLeft = 0;
        switchTo(Mode.OK, Duration.ofSeconds(1));
    }

    private synchronized void switchTo(Mode next, Duration after) {
        if (after.isNegative()) {
            throw new IllegalArgumentException("Retry-After must not be negative");
        }
        mode = next;
        retryAfter = after;
        released.countDown();
        released = new CountDownLatch(1);
    }

    /** What the server should answer for one send request to {@code recipient}, counted as an attempt. */
    synchronized Answer admit(String recipient) {
        attempts++;
        if (rejected.contains(recipient)) {
            return new Answer(Mode.OK, 0, true, null);
        }
        if (failuresLeft > 0) {
            failuresLeft--;
            return new Answer(Mode.FAIL, 0, false, null);
        }
        return new Answer(mode, Math.max(1, retryAfter.toSeconds()), false, released);
    }

    synchronized Delivery deliver(Delivery delivery) {
        inbox.add(delivery);
        return delivery;
    }

    /** The decision for one request; {@code released} opens when a hanging request may stop waiting. */
    record Answer(Mode mode, long retryAfterSeconds, boolean rejectedRecipient, CountDownLatch released) {
    }
}
