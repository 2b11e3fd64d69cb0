package dev.sjl.kit.rehearse;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The repository's own banks, as the labs' engineers write them: the same rules as for the fixtures. */
class RealQuestionBanksTest {

    private static final Path ROOT = Path.of(System.getProperty("kit.root", "../.."));

    @Test
    @Tag("task:1")
    @DisplayName("Validates every bank in docs/src/questions and renders its interview guide")
    void realBanksAreValid() throws IOException {
        Path dir = ROOT.resolve(QuestionBank.DIRECTORY);
        assumeTrue(Files.isDirectory(dir), "No question banks written yet");
        try (Stream<Path> files = Files.list(dir)) {
            assumeTrue(files.anyMatch(p -> p.toString().endsWith(".yml")), "No question banks written yet");
        }

        List<QuestionBank> banks = QuestionBank.loadAll(ROOT);
        List<Drill> drills = Drills.builtIn();

        for (QuestionBank bank : banks) {
            long labDrills = drills.stream().filter(d -> d.lab().equals(bank.lab())).count();
            System.out.printf("question bank %s: %d questions, %d drills%n", bank.lab(), bank.questions().size(),
                    labDrills);
            assertThat(AsciidocInterviewGuide.render(bank, drills)).contains("[[interview-" + bank.lab() + "]]");
        }
        assertThat(banks).isNotEmpty();
    }
}
