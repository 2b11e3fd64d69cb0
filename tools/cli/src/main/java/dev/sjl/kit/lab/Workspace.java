package dev.sjl.kit.lab;

import dev.sjl.kit.KitException;
import dev.sjl.kit.model.Lab;
import dev.sjl.kit.model.Labs;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The checked-out kit as the CLI sees it: where it is, where the kit keeps its state, and the labs in it (which folders
 * are labs, and how a learner names one, is the lab model's {@link Labs}); a lab that is not there is a
 * {@link KitException}.
 */
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

    /** The labs in this checkout, by name: {@link Labs#in}. */
    public List<Lab> labs() {
        try {
            return Labs.in(root);
        } catch (UncheckedIOException e) {
            throw new KitException(e.getMessage());
        }
    }

    /**
     * A lab by the way a learner names it ({@link Labs#find}): {@code 03}, {@code 3}, {@code 03-jwt}, {@code jwt} or
     * {@code labs/03-jwt}.
     */
    public Lab lab(String address) {
        List<Lab> labs = labs();
        if (labs.isEmpty()) {
            throw new KitException("there are no labs yet: labs/ has no folder with a pom.xml");
        }
        return Labs.find(labs, address).orElseThrow(() -> new KitException("no lab \"" + address + "\": the labs are "
                + labs.stream().map(Lab::name).collect(Collectors.joining(", "))));
    }

    /** A path as the learner would type it from the root: {@code labs/03-jwt/src/main}. */
    public String relative(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(root) ? root.relativize(absolute).toString() : absolute.toString();
    }
}
