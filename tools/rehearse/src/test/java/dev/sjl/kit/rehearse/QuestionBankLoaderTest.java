package dev.sjl.kit.rehearse;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class QuestionBankLoaderTest {

    private static final String BANK = FixtureRepo.BANK;

    @TempDir
    Path root;

    private List<String> problemsAfter(String from, String to) {
        FixtureRepo.copyTo(root);
        FixtureRepo.edit(root, BANK, from, to);
        QuestionBankException e = catchThrowableOfType(QuestionBankException.class, () -> QuestionBank.loadAll(root));
        assertThat(e).as("Loading a bank with this defect must fail with a QuestionBankException").isNotNull();
        return e.problems();
    }

    @Test
    @Tag("task:1")
    @DisplayName("Loads a valid bank with every field, in file order")
    void loadsValidBank() {
        FixtureRepo.copyTo(root);

        List<QuestionBank> banks = QuestionBank.loadAll(root);

        assertThat(banks).as("One bank per YAML file").hasSize(1);
        QuestionBank bank = banks.get(0);
        assertThat(bank.lab()).isEqualTo("01-fixture");
        assertThat(bank.labNumber()).isEqualTo("01");
        assertThat(bank.title()).isEqualTo("Plain Lambda");
        assertThat(bank.questions()).extracting(Question::id).as("Questions keep the file's order").containsExactly(
                "fx-init-vs-invoke", "fx-config-secrets", "fx-routes-template", "fx-timeout", "fx-memory",
                "fx-env-vs-ssm", "fx-idempotency", "fx-logging");
        Question first = bank.questions().get(0);
        assertThat(first.difficulty()).isEqualTo(Difficulty.EASY);
        assertThat(first.topics()).containsExactly("lambda", "cold-start");
        assertThat(first.answer()).as("Multi-paragraph answers keep their blank line")
                .contains("`handleRequest` runs per event.\n\nSo clients");
        assertThat(first.keyPoints()).containsExactly("Init happens once per execution environment",
                "`handleRequest` runs for each event");
        assertThat(first.followUps()).containsExactly("What does SnapStart change?");
        assertThat(first.code()).contains(new CodeRef(
                "solutions/01-fixture/src/main/java/dev/sjl/fixture/Greeter.java", "greet"));
        assertThat(bank.questions().get(3).followUps()).as("followUps is optional").isEmpty();
        assertThat(bank.questions().get(3).code()).as("code is optional").isEmpty();
    }

    @Test
    @Tag("task:1")
    @DisplayName("Returns no banks when docs/src/questions does not exist")
    void noFolderNoBanks() {
        assertThat(QuestionBank.loadAll(root)).isEmpty();
    }

    @Test
    @Tag("task:1")
    @DisplayName("Rejects an unknown field, naming file, entry, line and the allowed fields")
    void unknownField() {
        List<String> problems = problemsAfter("    answer: Error messages end up", "    anser: Error messages end up");

        assertThat(problems).singleElement().asString()
                .startsWith("docs/src/questions/01-fixture.yml: question 2 (id fx-config-secrets), line ")
                .contains("unknown field 'anser'")
                .contains("allowed here: answer, code, difficulty, followUps, id, keyPoints, question, topics");
    }

    @Test
    @Tag("task:1")
    @DisplayName("Rejects an unknown top-level field")
    void unknownTopLevelField() {
        List<String> problems = problemsAfter("title: Plain Lambda\n", "title: Plain Lambda\nauthor: me\n");

        assertThat(problems).singleElement().asString()
                .startsWith("docs/src/questions/01-fixture.yml, line 3: unknown field 'author'");
    }

    @Test
    @Tag("task:1")
    @DisplayName("Rejects a question without an answer")
    void missingAnswer() {
        List<String> problems = problemsAfter(
                "    answer: The invocation is stopped; API Gateway answers 504 to the client.\n", "");

        assertThat(problems).containsExactly("docs/src/questions/01-fixture.yml: question 4 (id fx-timeout): "
                + "missing answer");
    }

    @Test
    @Tag("task:1")
    @DisplayName("Rejects a blank answer and a missing question text in the same pass")
    void severalProblemsAtOnce() {
        FixtureRepo.copyTo(root);
        FixtureRepo.edit(root, BANK, "    answer: CPU scales with memory, so the same work can finish in "
                + "proportionally less billed time.", "    answer: \"  \"");
        FixtureRepo.edit(root, BANK, "    question: Why must an event handler be idempotent?\n", "");

        QuestionBankException e = catchThrowableOfType(QuestionBankException.class, () -> QuestionBank.loadAll(root));

        assertThat(e.problems()).as("Every problem is reported, not just the first").containsExactly(
                "docs/src/questions/01-fixture.yml: question 5 (id fx-memory): missing answer",
                "docs/src/questions/01-fixture.yml: question 7 (id fx-idempotency): missing question");
        assertThat(e.getMessage()).startsWith("2 problems in the question banks:");
    }

    @Test
    @Tag("task:1")
    @DisplayName("Rejects a duplicate id inside one bank")
    void duplicateIdInBank() {
        List<String> problems = problemsAfter("  - id: fx-logging", "  - id: fx-memory");

        assertThat(problems).containsExactly("docs/src/questions/01-fixture.yml: question 8 (id fx-memory): "
                + "duplicate id: question 5 already uses it");
    }

    @Test
    @Tag("task:1")
    @DisplayName("Rejects an id used by two banks: progress is keyed by id")
    void duplicateIdAcrossBanks() {
        FixtureRepo.copyTo(root);
        FixtureRepo.write(root, "docs/src/questions/02-second.yml", FixtureRepo.bank("02-second", "sec-", 8)
                .replace("id: sec-3", "id: fx-timeout"));

        QuestionBankException e = catchThrowableOfType(QuestionBankException.class, () -> QuestionBank.loadAll(root));

        assertThat(e.problems()).singleElement().asString()
                .startsWith("docs/src/questions/02-second.yml: question 3 (id fx-timeout): duplicate id: "
                        + "docs/src/questions/01-fixture.yml already uses it");
    }

    @Test
    @Tag("task:1")
    @DisplayName("Rejects a difficulty other than easy, medium or hard")
    void badDifficulty() {
        List<String> problems = problemsAfter("    difficulty: hard\n    topics: [http]",
                "    difficulty: tricky\n    topics: [http]");

        assertThat(problems).containsExactly("docs/src/questions/01-fixture.yml: question 3 (id fx-routes-template): "
                + "difficulty 'tricky' is not one of easy | medium | hard");
    }

    @Test
    @Tag("task:1")
    @DisplayName("Rejects a bank with fewer than 8 questions")
    void tooFewQuestions() {
        FixtureRepo.copyTo(root);
        String text = FixtureRepo.read(root, BANK);
        FixtureRepo.write(root, BANK, text.substring(0, text.indexOf("  - id: fx-logging")));

        QuestionBankException e = catchThrowableOfType(QuestionBankException.class, () -> QuestionBank.loadAll(root));

        assertThat(e.problems()).containsExactly("docs/src/questions/01-fixture.yml: has 7 questions, at least 8 "
                + "are needed");
    }

    @Test
    @Tag("task:1")
    @DisplayName("Rejects a code.file that does not exist")
    void missingCodeFile() {
        List<String> problems = problemsAfter("dev/sjl/fixture/Greeter.java", "dev/sjl/fixture/Gone.java");

        assertThat(problems).containsExactly("docs/src/questions/01-fixture.yml: question 1 (id fx-init-vs-invoke): "
                + "code.file solutions/01-fixture/src/main/java/dev/sjl/fixture/Gone.java does not exist");
    }

    @Test
    @Tag("task:1")
    @DisplayName("Rejects a code.file that points outside the repository")
    void codeFileOutsideRepo() {
        List<String> problems = problemsAfter("file: solutions/01-fixture/src/main/java/dev/sjl/fixture/Greeter.java",
                "file: ../outside/Greeter.java");

        assertThat(problems).singleElement().asString().endsWith("code.file ../outside/Greeter.java must be a path "
                + "inside the repository");
    }

    @Test
    @Tag("task:1")
    @DisplayName("Rejects a code.tag that the file does not mark with tag::name[]")
    void missingTag() {
        List<String> problems = problemsAfter("tag: greet", "tag: farewell");

        assertThat(problems).containsExactly("docs/src/questions/01-fixture.yml: question 1 (id fx-init-vs-invoke): "
                + "code.tag farewell is not in solutions/01-fixture/src/main/java/dev/sjl/fixture/Greeter.java "
                + "(expected a line with tag::farewell[])");
    }

    @Test
    @Tag("task:1")
    @DisplayName("Rejects a code.tag that is opened but never closed")
    void unclosedTag() {
        List<String> problems = problemsAfter("tag: greet", "tag: unclosed");

        assertThat(problems).singleElement().asString().contains("code.tag unclosed is opened but never closed");
    }

    @Test
    @Tag("task:1")
    @DisplayName("Rejects a lab field that differs from the file name")
    void labMismatch() {
        List<String> problems = problemsAfter("lab: 01-fixture", "lab: 01-other");

        assertThat(problems).containsExactly("docs/src/questions/01-fixture.yml: lab is '01-other' but the file is "
                + "named for 01-fixture (they must match)");
    }

    @Test
    @Tag("task:1")
    @DisplayName("Rejects a topic with spaces, since topics become tags")
    void topicWithSpaces() {
        List<String> problems = problemsAfter("topics: [reliability]", "topics: [Event Sourcing]");

        assertThat(problems).singleElement().asString().endsWith("topic 'Event Sourcing' is not kebab-case (it "
                + "becomes a tag: no spaces)");
    }

    @Test
    @Tag("task:1")
    @DisplayName("Rejects a value of the wrong shape, naming the field")
    void wrongShape() {
        List<String> problems = problemsAfter("    keyPoints:\n      - Logs are widely readable\n"
                + "      - Name the variable, not its value\n", "    keyPoints:\n      nested: map\n");

        assertThat(problems).singleElement().asString()
                .startsWith("docs/src/questions/01-fixture.yml: question 2 (id fx-config-secrets), line ")
                .contains(": keyPoints has the wrong shape: ");
    }

    @Test
    @Tag("task:1")
    @DisplayName("Explains the YAML trap of an unquoted ': ' inside a list item")
    void colonInsideText() {
        List<String> problems = problemsAfter("      - Never log credentials", "      - Never log this: credentials");

        assertThat(problems).singleElement().asString()
                .startsWith("docs/src/questions/01-fixture.yml: question 8 (id fx-logging), line ")
                .endsWith(": keyPoints item 2 should be text but YAML read a key: value pair; an unquoted ': ' "
                        + "does that, so put the text in quotes");
    }

    @Test
    @Tag("task:1")
    @DisplayName("Rejects YAML that does not parse, with its line")
    void brokenYaml() {
        List<String> problems = problemsAfter("title: Plain Lambda", "title: Plain: Lambda");

        assertThat(problems).singleElement().asString()
                .startsWith("docs/src/questions/01-fixture.yml, line ").contains("not valid YAML");
    }

    @Test
    @Tag("task:1")
    @DisplayName("Reports a syntax error inside a question as invalid YAML, naming the question")
    void brokenYamlInsideQuestion() {
        List<String> problems = problemsAfter("    question: What happens to a request when the function times out?",
                "    question: What happens: to a request: when it times out?");

        assertThat(problems).singleElement().asString()
                .as("The id cannot be read from a file that does not parse; number and line name the entry")
                .startsWith("docs/src/questions/01-fixture.yml: question 4, line 41: not valid YAML: mapping values "
                        + "are not allowed here");
    }

    @Test
    @Tag("task:1")
    @DisplayName("Rejects a key written twice in one question")
    void duplicateKey() {
        List<String> problems = problemsAfter("    difficulty: hard\n    topics: [reliability]",
                "    difficulty: hard\n    difficulty: easy\n    topics: [reliability]");

        assertThat(problems).singleElement().asString().contains("difficulty");
    }

    @Test
    @Tag("task:1")
    @DisplayName("Rejects an empty file")
    void emptyFile() {
        FixtureRepo.copyTo(root);
        FixtureRepo.write(root, BANK, "");

        assertThatThrownBy(() -> QuestionBank.loadAll(root)).isInstanceOf(QuestionBankException.class)
                .hasMessageContaining("docs/src/questions/01-fixture.yml: the file is empty");
    }
}
