package dev.sjl.kit.check;

/**
 * What the self-test demands of every lab. The titles are the names of tools/check's tests, so a red build reads as
 * "03-jwt · the reference passes every test".
 */
public enum Rule {
    RESULTS("ran its tests as starter and as reference"),
    REFERENCE_GREEN("the reference passes every test"),
    STARTER_RED("the starter is red for the right reason"),
    SAME_TESTS("starter and reference run the same tests"),
    TASKS("every test belongs to a task in hints.md"),
    FOLDERS("has README.md, hints.md and a reference folder"),
    GENERATED("the starter is what its reference generates"),
    REACTOR("is listed in the build");

    private final String title;

    Rule(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
