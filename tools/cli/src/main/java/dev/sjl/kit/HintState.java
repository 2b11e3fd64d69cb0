package dev.sjl.kit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many hints of each task the learner has seen, in {@code .kit/hints.json}: {@code {"03-jwt": {"2": 3}}}.
 * Kept outside the lab folders, so resetting a lab's code and forgetting its hints stay separate choices.
 */
final class HintState {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final Map<String, Map<String, Integer>> seen;

    private HintState(Path file, Map<String, Map<String, Integer>> seen) {
        this.file = file;
        this.seen = seen;
    }

    static HintState load(Path stateDir) {
        Path file = stateDir.resolve("hints.json");
        if (!Files.isRegularFile(file)) {
            return new HintState(file, new TreeMap<>());
        }
        try {
            return new HintState(file, JSON.readValue(file.toFile(), new TypeReference<TreeMap<String, Map<String, Integer>>>() { }));
        } catch (IOException e) {
            throw new KitException(file + " is damaged (" + e.getMessage().lines().findFirst().orElse("") + "): delete it to start the hints afresh");
        }
    }

    int seen(String lab, int task) {
        return seen.getOrDefault(lab, Map.of()).getOrDefault(String.valueOf(task), 0);
    }

    void markSeen(String lab, int task, int count) {
        seen.computeIfAbsent(lab, l -> new TreeMap<>()).put(String.valueOf(task), count);
    }

    void forget(String lab) {
        seen.remove(lab);
    }

    void forget(String lab, int task) {
        Map<String, Integer> tasks = seen.get(lab);
        if (tasks != null) {
            tasks.remove(String.valueOf(task));
        }
    }

    /** Writes through a temporary file, so an interrupted kit never leaves half a JSON document behind. */
    void save() {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "hints", ".json");
            JSON.writeValue(tmp.toFile(), seen);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new KitException("cannot save " + file + ": " + e.getMessage());
        }
    }
}
