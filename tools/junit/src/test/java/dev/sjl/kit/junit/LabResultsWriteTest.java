package dev.sjl.kit.junit;

import dev.sjl.kit.junit.LabResults.Status;
import dev.sjl.kit.junit.LabResults.TestResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** kit check NN reads a reference's results while its tests may still be writing them: a reader sees a whole file. */
class LabResultsWriteTest {

    private static LabResults results(int tests) {
        List<TestResult> list = IntStream.range(0, tests).mapToObj(i -> new TestResult("id-" + i, "SomeTest",
                "test" + i + "()", null, Status.PASSED, null, null, null)).toList();
        return new LabResults("99-fixture", "reference", "2030-01-01T00:00:00Z", list, List.of());
    }

    @Test
    @DisplayName("Replaces the file in one step: a reader meanwhile reads the old file or the new one, never a part")
    void readersNeverSeeHalfAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("lab-results.json");
        results(1).write(file);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger reads = new AtomicInteger();
        List<String> broken = new ArrayList<>();
        Thread reader = new Thread(() -> {
            while (writing.get()) {
                try {
                    int size = LabResults.read(file).tests().size();
                    if (size != 1 && size != 2_000) {
                        broken.add("read " + size + " tests");
                    }
                    reads.incrementAndGet();
                } catch (Exception e) {
                    broken.add(e.toString());
                }
            }
        });
        reader.start();
        for (int i = 0; i < 40; i++) {
            results(i % 2 == 0 ? 2_000 : 1).write(file);
        }
        writing.set(false);
        reader.join(TimeUnit.SECONDS.toMillis(30));

        assertThat(reads.get()).as("the reader ran while the file was rewritten").isPositive();
        assertThat(broken).as("what a reader saw while the file was being replaced").isEmpty();
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("no temporary file left beside it").containsExactly(file);
        }
    }
}
