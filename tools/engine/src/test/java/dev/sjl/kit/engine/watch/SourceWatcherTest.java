package dev.sjl.kit.engine.watch;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

class SourceWatcherTest {

    @Test
    @DisplayName("Counts sources and resources under src/main and src/test, not editors' swap, backup and temporary files")
    void relevant() {
        assertThat(SourceWatcher.relevant("src/main/java/dev/sjl/jwt/Tokens.java")).isTrue();
        assertThat(SourceWatcher.relevant("src/test/java/dev/sjl/jwt/TokensTest.java")).isTrue();
        assertThat(SourceWatcher.relevant("src/test/resources/events/login.json")).isTrue();
        assertThat(SourceWatcher.relevant("src/main/resources/messages.properties")).isTrue();

        assertThat(SourceWatcher.relevant("src/main/java/dev/sjl/jwt/.Tokens.java.swp")).isFalse();
        assertThat(SourceWatcher.relevant("src/main/java/dev/sjl/jwt/4913")).isFalse();
        assertThat(SourceWatcher.relevant("src/main/java/dev/sjl/jwt/Tokens.java~")).isFalse();
        assertThat(SourceWatcher.relevant("src/main/java/dev/sjl/jwt/#Tokens.java#")).isFalse();
        assertThat(SourceWatcher.relevant("src/main/java/dev/sjl/jwt/Tokens.java___jb_tmp___")).isFalse();
        assertThat(SourceWatcher.relevant("src/main/java/dev/sjl/jwt/notes.txt")).as("only .java under java/").isFalse();
        assertThat(SourceWatcher.relevant("target/classes/Tokens.class")).isFalse();
        assertThat(SourceWatcher.relevant("README.md")).isFalse();
    }

    @Test
    @DisplayName("Reports a saved source, in a folder created after the watch began too, by its module-relative path")
    void watches(@TempDir Path module) throws Exception {
        Files.createDirectories(module.resolve("src/main/java/dev"));
        Files.createDirectories(module.resolve("src/test/java"));
        Set<String> seen = new HashSet<>();
        Debouncer debouncer = new Debouncer(20);
        try (SourceWatcher watcher = new SourceWatcher(module, debouncer).start()) {
            Files.writeString(module.resolve("src/main/java/dev/A.java"), "class A {}");
            seen.addAll(next(debouncer, 60));
            Files.createDirectories(module.resolve("src/test/java/dev/sjl"));
            Path test = module.resolve("src/test/java/dev/sjl/ATest.java");
            // Saved again until seen (at most 30 times, a second apart): what must hold is that a folder created after
            // the watch began is watched, not that the very first write into it races its registration.
            for (int save = 0; save < 30 && !seen.contains("src/test/java/dev/sjl/ATest.java"); save++) {
                Files.writeString(test, "class ATest {} // save " + save);
                seen.addAll(next(debouncer, 1));
            }
        }
        assertThat(seen).contains("src/main/java/dev/A.java", "src/test/java/dev/sjl/ATest.java");
    }

    /** The wait in progress: a wait that timed out goes on, so the burst it takes is not lost to a second one. */
    private CompletableFuture<Set<String>> waiting;

    /** The next batch of changes, or nothing when none came within {@code seconds}. */
    private Set<String> next(Debouncer debouncer, int seconds) throws Exception {
        if (waiting == null) {
            waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return debouncer.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        try {
            Set<String> batch = waiting.get(seconds, TimeUnit.SECONDS);
            waiting = null;
            return batch;
        } catch (TimeoutException nothingYet) {
            return Set.of();
        }
    }
}
