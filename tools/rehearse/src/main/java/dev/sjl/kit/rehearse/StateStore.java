package dev.sjl.kit.rehearse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Reads and writes {@code .kit/rehearse.json}. Every write goes to a temporary file in the same folder and is then
 * renamed over the old one, so an interrupted write (Ctrl-C, a full disk) leaves the previous state, never half a
 * file. A file that cannot be read is not overwritten: it is kept as {@code rehearse.json.bak-<time>} and the
 * session starts fresh.
 */
final class StateStore {

    static final String RELATIVE_PATH = ".kit/rehearse.json";

    private static final DateTimeFormatter BACKUP_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /**
     * What loading found.
     *
     * @param backup  where an unreadable file was moved, if it was
     * @param problem why it was unreadable, for the one-line notice
     */
    record Loaded(RehearsalState state, Optional<Path> backup, Optional<String> problem) {
    }

    private final Path file;
    private final Clock clock;

    StateStore(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    Path file() {
        return file;
    }

    /** The saved state, or a fresh one (seeded by {@code newSeed}) when there is none or it is unreadable. */
    Loaded load(LongSupplier newSeed) {
        if (!Files.exists(file)) {
            return new Loaded(new RehearsalState(newSeed.getAsLong(), Map.of()), Optional.empty(), Optional.empty());
        }
        String problem;
        try {
            RehearsalState.File saved = JSON.readValue(Files.readString(file, StandardCharsets.UTF_8),
                    RehearsalState.File.class);
            problem = check(saved);
            if (problem == null) {
                return new Loaded(new RehearsalState(saved.seed(), saved.cards()), Optional.empty(), Optional.empty());
            }
        } catch (JsonProcessingException e) {
            problem = "not valid JSON for this version (" + e.getOriginalMessage().split("\\R", 2)[0] + ")";
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        Path backup = backupPath();
        try {
            Files.move(file, backup);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot move the unreadable " + file + " aside to " + backup, e);
        }
        return new Loaded(new RehearsalState(newSeed.getAsLong(), Map.of()), Optional.of(backup),
                Optional.of(problem));
    }

    private static String check(RehearsalState.File saved) {
        if (saved == null) {
            return "the file is empty";
        }
        if (saved.version() != RehearsalState.VERSION) {
            return "version " + saved.version() + " is not " + RehearsalState.VERSION;
        }
        if (saved.cards() == null) {
            return "no cards field";
        }
        for (Map.Entry<String, CardSchedule> e : saved.cards().entrySet()) {
            if (e.getValue() == null || !e.getValue().isPlausible()) {
                return "the schedule of " + e.getKey() + " is incomplete or out of range";
            }
        }
        return null;
    }

    private Path backupPath() {
        String base = file.getFileName() + ".bak-" + BACKUP_STAMP.format(clock.instant());
        Path candidate = file.resolveSibling(base);
        for (int i = 2; Files.exists(candidate); i++) {
            candidate = file.resolveSibling(base + "-" + i);
        }
        return candidate;
    }

    /** Writes the state atomically. Synchronized: the Ctrl-C hook and the session may both save. */
    synchronized void save(RehearsalState state) {
        Path dir = file.toAbsolutePath().getParent();
        Path temp = null;
        try {
            Files.createDirectories(dir);
            temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            Files.writeString(temp, JSON.writeValueAsString(state.snapshot()) + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save the rehearsal progress to " + file, e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // The failure that matters is already being thrown; a stray .tmp file is harmless.
                }
            }
        }
    }
}
