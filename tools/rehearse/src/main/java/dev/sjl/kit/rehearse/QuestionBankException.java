package dev.sjl.kit.rehearse;

import java.util.List;

/**
 * The question banks cannot be used as written. Each problem is one line that names the file, the entry and what
 * to change, e.g. {@code docs/src/questions/03-jwt.yml: question 4 (id jwt-alg-none): missing answer}.
 */
public final class QuestionBankException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public QuestionBankException(List<String> problems) {
        super(summary(problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per problem, in file order. */
    public List<String> problems() {
        return problems;
    }

    private static String summary(List<String> problems) {
        StringBuilder text = new StringBuilder(problems.size() == 1
                ? "1 problem in the question banks:" : problems.size() + " problems in the question banks:");
        problems.forEach(p -> text.append(System.lineSeparator()).append("  - ").append(p));
        return text.toString();
    }
}
