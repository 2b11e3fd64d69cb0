package dev.sjl.cognito;

/**
 * TODO(author): replace this class with the lab's first piece of work. The region below is what the starter
 * generator turns into the learner's TODO (see CONTRIBUTING.md, "One source per lab").
 */
public final class FirstStep {

    /** The answer the first test expects. */
    public String answer() {
        // BEGIN TASK 1
        return "ready";
        // STARTER
        //| // TODO: the constraint the learner must respect (not the answer).
        //| throw new UnsupportedOperationException("Task 1: answer \"ready\"");
        // END TASK 1
    }
}
