package dev.sjl.kit.engine.watch;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class DebouncerTest {

    private static final long MS = 1_000_000;

    @Test
    @DisplayName("Gathers an editor's burst of events into one rebuild that names every file, once the burst is quiet")
    void burst() {
        Debouncer debouncer = new Debouncer(60);
        debouncer.changed("src/main/java/A.java", 0);
        debouncer.changed("src/main/java/A.java", 10 * MS);
        debouncer.changed("src/test/java/ATest.java", 40 * MS);

        assertThat(debouncer.readyAt()).as("quiet is counted from the last event").isEqualTo(100 * MS);
        assertThat(debouncer.take(99 * MS)).as("still inside the burst").isEmpty();
        assertThat(debouncer.hasPending()).isTrue();
        assertThat(debouncer.take(100 * MS)).containsExactlyInAnyOrder("src/main/java/A.java", "src/test/java/ATest.java");
        assertThat(debouncer.hasPending()).as("a burst is handed out once").isFalse();
        assertThat(debouncer.readyAt()).isEqualTo(-1);
    }

    @Test
    @DisplayName("Starts a new burst for a save made after the last one was handed out")
    void nextBurst() {
        Debouncer debouncer = new Debouncer(60);
        debouncer.changed("src/main/java/A.java", 0);
        assertThat(debouncer.take(60 * MS)).containsExactly("src/main/java/A.java");

        debouncer.changed("src/main/java/B.java", 500 * MS);
        assertThat(debouncer.take(520 * MS)).isEmpty();
        assertThat(debouncer.take(560 * MS)).containsExactly("src/main/java/B.java");
    }

    @Test
    @DisplayName("Tells the watch about every change at once, so a long run can stop before the burst settles")
    void onChange() {
        AtomicInteger calls = new AtomicInteger();
        Debouncer debouncer = new Debouncer(60, calls::incrementAndGet);
        debouncer.changed("src/main/java/A.java", 0);
        debouncer.changed("src/main/java/A.java", MS);

        assertThat(calls).hasValue(2);
    }

    @Test
    @DisplayName("Wakes the waiting watch with the burst, and with nothing once closed")
    void await() throws Exception {
        Debouncer debouncer = new Debouncer(20);
        CompletableFuture<Set<String>> burst = CompletableFuture.supplyAsync(() -> awaitQuietly(debouncer));
        debouncer.changed("src/main/java/A.java", System.nanoTime());
        assertThat(burst.get(30, TimeUnit.SECONDS)).containsExactly("src/main/java/A.java");

        CompletableFuture<Set<String>> none = CompletableFuture.supplyAsync(() -> awaitQuietly(debouncer));
        debouncer.close();
        assertThat(none.get(30, TimeUnit.SECONDS)).isEmpty();
    }

    private static Set<String> awaitQuietly(Debouncer debouncer) {
        try {
            return debouncer.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
