package dev.sjl.kit.rehearse;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class StateStoreTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T09:15:30Z"), ZoneOffset.UTC);

    @TempDir
    Path root;

    private StateStore store() {
        return new StateStore(root.resolve(".kit/rehearse.json"), CLOCK);
    }

    private static CardSchedule schedule() {
        return new CardSchedule(2, 6, new BigDecimal("2.36"), LocalDate.of(2026, 3, 8), LocalDate.of(2026, 3, 2));
    }

    @Test
    @Tag("task:3")
    @DisplayName("Saves and reloads seed and schedules exactly")
    void roundTrip() {
        RehearsalState state = new RehearsalState(42L, Map.of("fx-memory", schedule()));
        store().save(state);

        StateStore.Loaded loaded = store().load(() -> 7L);

        assertThat(loaded.backup()).isEmpty();
        assertThat(loaded.state().seed()).as("The seed is kept, so new cards keep their order").isEqualTo(42L);
        assertThat(loaded.state().schedule("fx-memory")).contains(schedule());
    }

    @Test
    @Tag("task:3")
    @DisplayName("Writes readable JSON with dates as ISO strings and leaves no temporary file behind")
    void fileFormat() throws IOException {
        store().save(new RehearsalState(42L, Map.of("fx-memory", schedule())));

        String json = Files.readString(root.resolve(".kit/rehearse.json"));
        assertThat(json).contains("\"version\" : 1", "\"seed\" : 42", "\"easeFactor\" : 2.36",
                "\"due\" : \"2026-03-08\"");
        try (Stream<Path> files = Files.list(root.resolve(".kit"))) {
            assertThat(files.map(p -> p.getFileName().toString())).as("temp file + move: only the state remains")
                    .containsExactly("rehearse.json");
        }
    }

    @Test
    @Tag("task:3")
    @DisplayName("Starts fresh with a new seed when there is no state file")
    void noFile() {
        StateStore.Loaded loaded = store().load(() -> 7L);

        assertThat(loaded.state().seed()).isEqualTo(7L);
        assertThat(loaded.state().size()).isZero();
        assertThat(loaded.backup()).isEmpty();
    }

    @Test
    @Tag("task:3")
    @DisplayName("Backs up a corrupt state file with a timestamp and starts fresh")
    void corruptFile() throws IOException {
        Files.createDirectories(root.resolve(".kit"));
        Files.writeString(root.resolve(".kit/rehearse.json"), "{\"version\": 1, \"cards\": {");

        StateStore.Loaded loaded = store().load(() -> 7L);

        Path backup = root.resolve(".kit/rehearse.json.bak-20260302T091530Z");
        assertThat(loaded.backup()).contains(backup);
        assertThat(backup).as("The unreadable file is kept, not overwritten")
                .hasContent("{\"version\": 1, \"cards\": {");
        assertThat(root.resolve(".kit/rehearse.json")).doesNotExist();
        assertThat(loaded.problem()).hasValueSatisfying(p -> assertThat(p).startsWith("not valid JSON"));
        assertThat(loaded.state().size()).isZero();
    }

    @Test
    @Tag("task:3")
    @DisplayName("Treats an out-of-range schedule as corrupt, and never overwrites an earlier backup")
    void implausibleSchedule() throws IOException {
        Files.createDirectories(root.resolve(".kit"));
        Files.writeString(root.resolve(".kit/rehearse.json.bak-20260302T091530Z"), "older");
        Files.writeString(root.resolve(".kit/rehearse.json"), """
                {"version": 1, "seed": 3, "cards": {"fx-memory": {"repetitions": 1, "intervalDays": 1,
                 "easeFactor": 0.5, "due": "2026-03-03", "lastReviewed": "2026-03-02"}}}
                """);

        StateStore.Loaded loaded = store().load(() -> 7L);

        assertThat(loaded.problem()).contains("the schedule of fx-memory is incomplete or out of range");
        assertThat(loaded.backup()).contains(root.resolve(".kit/rehearse.json.bak-20260302T091530Z-2"));
        assertThat(root.resolve(".kit/rehearse.json.bak-20260302T091530Z")).hasContent("older");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Treats a state file of another version as unreadable")
    void otherVersion() throws IOException {
        Files.createDirectories(root.resolve(".kit"));
        Files.writeString(root.resolve(".kit/rehearse.json"), "{\"version\": 9, \"seed\": 3, \"cards\": {}}");

        assertThat(store().load(() -> 7L).problem()).contains("version 9 is not 1");
    }
}
