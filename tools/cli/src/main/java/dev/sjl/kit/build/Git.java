package dev.sjl.kit.build;

import dev.sjl.kit.KitException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The git questions the kit asks. Only {@link #restore} and {@link #archive} write, and only to the working tree or a
 * folder the kit made: the kit never stages, commits or moves a branch.
 */
public final class Git {

    /** How the help of {@code reset} and {@code check} explains "pristine" (one line per element). */
    public static final String PRISTINE_HELP = "Pristine ref: the commit the kit was delivered at. That is the "
            + "merge-base of HEAD and the branch's upstream when it has one, otherwise HEAD:";
    public static final String PRISTINE_COMMAND = "    git merge-base HEAD @{upstream}";
    public static final String PRISTINE_NOTE = "Commit your solutions on a branch that tracks the kit's, and the "
            + "pristine starters stay the kit's.";

    private final Path root;

    public Git(Path root) {
        this.root = root;
    }

    /** A commit and how the kit found it, e.g. "merge-base of HEAD and origin/main". */
    public record Ref(String commit, String description) {
        public String shortCommit() {
            return commit.length() > 7 ? commit.substring(0, 7) : commit;
        }

        @Override
        public String toString() {
            return description + " (" + shortCommit() + ")";
        }
    }

    public boolean isCheckout() {
        Processes.Result inside = git("rev-parse", "--is-inside-work-tree");
        return inside.ok() && inside.stdout().strip().equals("true");
    }

    /** The pristine ref (see {@link #PRISTINE_HELP}); {@code forWhat} names the command in the error. */
    public Ref pristine(String forWhat) {
        if (!isCheckout()) {
            throw new KitException(forWhat + " needs a git checkout of the kit, and " + root + " is not one");
        }
        Processes.Result head = git("rev-parse", "--verify", "-q", "HEAD^{commit}");
        if (!head.ok()) {
            throw new KitException(forWhat + " needs a commit to compare with, and this checkout has none yet");
        }
        Processes.Result upstream = git("rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}");
        if (upstream.ok()) {
            Processes.Result base = git("merge-base", "HEAD", "@{upstream}");
            if (base.ok()) {
                return new Ref(base.stdout().strip(), "merge-base of HEAD and " + upstream.stdout().strip());
            }
        }
        return new Ref(head.stdout().strip(), "HEAD");
    }

    /** Whether {@code path} in the working tree differs from {@code ref}: edited, deleted or new (not ignored) files. */
    public boolean differs(Ref ref, String path) {
        Processes.Result diff = git("diff", "--quiet", ref.commit(), "--", path);
        if (diff.exitCode() > 1) {
            throw new KitException("git diff failed: " + firstLine(diff.stderr()));
        }
        if (diff.exitCode() == 1) {
            return true;
        }
        Processes.Result untracked = git("ls-files", "--others", "--exclude-standard", "--", path);
        return untracked.ok() && !untracked.stdout().isBlank();
    }

    /** Writes the tree of {@code ref} into the empty folder {@code into}: a clean copy, no .git, no build output. */
    public void archive(Ref ref, Path into) {
        Path tar = into.resolve(".kit-archive.tar");
        Processes.Result archive = git("archive", "--format=tar", "-o", tar.toString(), ref.commit());
        if (!archive.ok()) {
            throw new KitException("git archive failed: " + firstLine(archive.stderr()));
        }
        Processes.Result untar = Processes.capture(into, List.of("tar", "-xf", tar.toString()));
        try {
            Files.deleteIfExists(tar);
        } catch (IOException e) {
            // a leftover tarball in a temporary folder is harmless
        }
        if (!untar.ok()) {
            throw new KitException("tar could not unpack the pristine tree: " + firstLine(untar.stderr()));
        }
    }

    private Processes.Result git(String... args) {
        List<String> command = new ArrayList<>(List.of("git", "--no-optional-locks"));
        command.addAll(List.of(args));
        return Processes.capture(root, command);
    }

    private static String firstLine(String text) {
        String stripped = text.strip();
        int newline = stripped.indexOf('\n');
        return newline < 0 ? stripped : stripped.substring(0, newline);
    }
}
