package dev.sjl.kit.rehearse;

import java.nio.file.Path;
import java.util.Map;

/** Where the repository is: {@code --root}, else {@code KIT_ROOT} (the {@code kit} script sets it), else here. */
final class RepoRoot {

    static final String ENV = "KIT_ROOT";

    private RepoRoot() {
    }

    static Path resolve(Path option, Map<String, String> env) {
        if (option != null) {
            return option.toAbsolutePath().normalize();
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv).toAbsolutePath().normalize();
        }
        return Path.of("").toAbsolutePath();
    }
}
