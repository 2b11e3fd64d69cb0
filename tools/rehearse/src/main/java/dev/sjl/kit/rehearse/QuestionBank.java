package dev.sjl.kit.rehearse;

import java.nio.file.Path;
import java.util.List;

/**
 * One lab's interview questions, read from {@code docs/src/questions/NN-topic.yml} and validated. The handbook's
 * interview guide ({@link AsciidocInterviewGuide}), {@code kit rehearse} and {@code kit cards} all read banks through
 * this class, so a question is written once.
 *
 * @param lab       the lab's folder name, e.g. {@code 03-jwt}; equal to the file's name
 * @param title     the short topic title, e.g. {@code JWT}
 * @param questions at least {@value #MIN_QUESTIONS}, in the order the file lists them
 * @param source    the YAML file, as given to the loader
 */
public record QuestionBank(String lab, String title, List<Question> questions, Path source) {

    /** Fewer questions than this is not an interview's worth: the loader rejects the bank. */
    public static final int MIN_QUESTIONS = 8;

    /** Where the banks live, relative to the repository root. */
    public static final String DIRECTORY = "docs/src/questions";

    public QuestionBank {
        questions = List.copyOf(questions);
    }

    /** The two-digit lab number, e.g. {@code 03}. */
    public String labNumber() {
        return lab.substring(0, 2);
    }

    /**
     * Reads and validates every {@code docs/src/questions/*.yml} under {@code repoRoot}, sorted by lab. Ids must be
     * unique across all banks (rehearsal progress is keyed by them) and every {@code code} reference must point at
     * an existing file holding the named tag.
     *
     * @return the banks; empty when the folder holds none
     * @throws QuestionBankException listing every problem found, one line each, naming file and entry
     */
    public static List<QuestionBank> loadAll(Path repoRoot) {
        return new BankReader(repoRoot).readAll();
    }
}
