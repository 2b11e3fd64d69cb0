package dev.sjl.kit.rehearse;

import java.util.List;
import java.util.Optional;

/**
 * One interview question of a bank, validated: every text is present and non-blank, the lists are immutable.
 *
 * @param id         unique across all banks, kebab-case; rehearsal progress is keyed by it
 * @param difficulty easy, medium or hard
 * @param topics     at least one kebab-case topic, used as tags
 * @param question   the question as an interviewer would ask it
 * @param answer     the model answer (may span paragraphs; {@code `code`} spans allowed)
 * @param keyPoints  what an interviewer listens for, at least one
 * @param followUps  follow-up questions, possibly none
 * @param code       where in the code the answer lives, if anywhere
 */
public record Question(String id, Difficulty difficulty, List<String> topics, String question, String answer,
                       List<String> keyPoints, List<String> followUps, Optional<CodeRef> code) {

    public Question {
        topics = List.copyOf(topics);
        keyPoints = List.copyOf(keyPoints);
        followUps = List.copyOf(followUps);
    }
}
