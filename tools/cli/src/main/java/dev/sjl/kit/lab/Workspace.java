package dev.sjl.kit.lab;

import dev.sjl.kit.KitException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The checked-out kit: its root folder and the labs in it (every {@code labs/*} folder with a {@code pom.xml}). */
public final class Workspace {

    private final Path root;

    public Workspace(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /**
     * The kit the learner is in: {@code -Dkit.root} (the {@code kit} script sets it), else the nearest folder
     * upwards from the working directory that has {@code labs/} and a {@code pom.xml}.
     */
    public static Workspace locate() {
        String configured = System.getProperty("kit.root");
        if (configured != null && !configured.isBlank()) {
            return new Workspace(Path.of(configured));
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("labs")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return new Workspace(dir);
            }
        }
        throw new KitException("not inside a Serverless Java Labs checkout: no folder with labs/ and pom.xml above " + start);
    }

    public Path root() {
        return root;
    }

    /** The kit's own state (hints seen, backups, logs): {@code .kit/}, gitignored. */
    public Path stateDir() {
        return root.resolve(".kit");
    }

    public List<Lab> labs() {
        Path labsDir = root.resolve("labs");
        if (!Files.isDirectory(labsDir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(labsDir)) {
            return children.filter(dir -> Files.isRegularFile(dir.resolve("pom.xml")))
                    .map(dir -> Lab.in(root, dir.getFileName().toString()))
                    .sorted((a, b) -> a.name().compareTo(b.name()))
                    .toList();
        } catch (IOException e) {
            throw new KitException("cannot list " + labsDir + ": " + e.getMessage());
        }
    }

    /**
     * A lab by the way a learner names it: {@code 03}, {@code 3}, {@code 03-jwt}, {@code jwt} or {@code labs/03-jwt}.
     */
    public Lab lab(String address) {
        List<Lab> labs = labs();
        if (labs.isEmpty()) {
            throw new KitException("there are no labs yet: labs/ has no folder with a pom.xml");
        }
        return find(labs, address).orElseThrow(() -> new KitException("no lab \"" + address + "\": the labs are "
                + labs.stream().map(Lab::name).collect(Collectors.joining(", "))));
    }

    static Optional<Lab> find(List<Lab> labs, String address) {
        String wanted = address.strip().toLowerCase(Locale.ROOT)
                .replaceFirst("^(\\./)?(labs|solutions)/", "")
                .replaceFirst("/+$", "");
        if (wanted.matches("\\d+")) {
            int number = Integer.parseInt(wanted);
            return labs.stream().filter(lab -> lab.number() == number).findFirst();
        }
        return labs.stream().filter(lab -> lab.name().equals(wanted)).findFirst()
                .or(() -> labs.stream().filter(lab -> lab.topic().equals(wanted)).findFirst());
    }

    /** A path as the learner would type it from the root: {@code labs/03-jwt/src/main}. */
    public String relative(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(root) ? root.relativize(absolute).toString() : absolute.toString();
    }
}
