package dev.sjl.kit.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The labs in a checkout and how a learner names one. The kit (status, check, watch), the handbook and the self-test
 * all list labs here, so a folder is a lab to all of them or to none.
 *
 * <p>A lab is a {@code labs/NN-topic} folder with a {@code pom.xml}: two digits, then lower-case words joined by
 * {@code -}. The CLI used to take any {@code labs/*} with a POM and the handbook only {@code NN-topic}; the stricter
 * rule wins because everything downstream needs the number (the handbook's chapter order and anchors, {@code kit hint
 * 03}, the README's {@code # Lab 03} heading rule) and {@code kit new-lab} only makes {@code NN-topic} folders, so a
 * folder without a number was never a lab anyone could finish, only one the handbook could not render.
 */
public final class Labs {

    /** The folder name of a lab: {@code 03-jwt}, {@code 06-dynamodb-s3}. */
    public static final Pattern FOLDER = Pattern.compile("\\d{2}-[a-z0-9]+(-[a-z0-9]+)*");

    private Labs() {
    }

    /**
     * The labs under {@code root/labs}, by name; none when there is no {@code labs/} folder.
     *
     * @throws UncheckedIOException when {@code labs/} cannot be listed
     */
    public static List<Lab> in(Path root) {
        return list(root, "labs");
    }

    /**
     * The labs that have a reference, {@code solutions/NN-topic} with a {@code pom.xml}, by name, whether or not
     * {@code labs/} has their starter yet: the generator makes the starter's POM from the reference's, and the
     * self-test names a reference whose lab is gone.
     *
     * @throws UncheckedIOException when {@code solutions/} cannot be listed
     */
    public static List<Lab> withReference(Path root) {
        return list(root, "solutions");
    }

    /**
     * Folders that look like a lab but are not one: a {@code labs/*} or {@code solutions/*} with a {@code pom.xml}
     * whose name is not {@code NN-topic}, as {@code labs/foo}. Every tool skips them, so the self-test names them.
     *
     * @throws UncheckedIOException when a folder cannot be listed
     */
    public static List<String> strays(Path root) {
        List<String> strays = new java.util.ArrayList<>();
        for (String side : List.of("labs", "solutions")) {
            Path dir = root.resolve(side);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> children = Files.list(dir)) {
                children.filter(child -> Files.isRegularFile(child.resolve("pom.xml")))
                        .map(child -> child.getFileName().toString())
                        .filter(name -> !FOLDER.matcher(name).matches())
                        .sorted()
                        .forEach(name -> strays.add(side + "/" + name));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(strays);
    }

    private static List<Lab> list(Path root, String side) {
        Path labsDir = root.resolve(side);
        if (!Files.isDirectory(labsDir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(labsDir)) {
            return children.filter(Labs::isLab)
                    .map(dir -> Lab.in(root, dir.getFileName().toString()))
                    .sorted(Comparator.comparing(Lab::name))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + labsDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether {@code dir} (a child of {@code labs/} or {@code solutions/}) is one half of a lab: named
     * {@code NN-topic}, with a {@code pom.xml}.
     */
    public static boolean isLab(Path dir) {
        return FOLDER.matcher(dir.getFileName().toString()).matches() && Files.isRegularFile(dir.resolve("pom.xml"));
    }

    /**
     * A lab by the way a learner names it: {@code 03}, {@code 3}, {@code 03-jwt}, {@code jwt}, {@code labs/03-jwt}
     * or {@code solutions/03-jwt}, in any case.
     */
    public static Optional<Lab> find(List<Lab> labs, String address) {
        String wanted = address.strip().toLowerCase(Locale.ROOT)
                .replaceFirst("^(\\./)?(labs|solutions)/", "")
                .replaceFirst("/+$", "");
        // Nine digits at most: a longer number names no lab, and must not overflow int on the way to saying so.
        if (wanted.matches("\\d{1,9}")) {
            int number = Integer.parseInt(wanted);
            return labs.stream().filter(lab -> lab.number() == number).findFirst();
        }
        return labs.stream().filter(lab -> lab.name().equals(wanted)).findFirst()
                .or(() -> labs.stream().filter(lab -> lab.topic().equals(wanted)).findFirst());
    }
}
