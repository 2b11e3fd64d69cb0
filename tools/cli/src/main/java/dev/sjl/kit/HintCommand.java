package dev.sjl.kit;

import dev.sjl.kit.junit.Hints;
import dev.sjl.kit.lab.LabProgress;
import dev.sjl.kit.model.Lab;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "hint", description = {
        "The next hint for a task, one at a time.",
        "Each call reveals one more (\"hint 2 of 4\"), gentlest first; hints you have seen are kept in .kit/hints.json.",
        "Without TASK: the first task that is not green in your last test run."})
final class HintCommand implements Callable<Integer> {

    @ParentCommand
    private Kit kit;

    @Parameters(index = "0", paramLabel = "LAB", description = "The lab: 03, 3 or 03-jwt.")
    private String labAddress;

    @Parameters(index = "1", paramLabel = "TASK", arity = "0..1", description = "The task number, as in the lab's README.")
    private Integer taskNumber;

    @Option(names = "--all", description = "Show every hint of the task (of every task, without TASK) at once.")
    private boolean all;

    @Option(names = "--reset", description = "Forget which hints you have seen (of this task, or of the whole lab).")
    private boolean reset;

    @Override
    public Integer call() {
        Console console = kit.console();
        Lab lab = kit.workspace().lab(labAddress);
        HintState state = HintState.load(kit.workspace().stateDir());
        if (reset) {
            if (taskNumber == null) {
                state.forget(lab.name());
            } else {
                state.forget(lab.name(), taskNumber);
            }
            state.save();
            console.println("Forgot the hints you had seen for lab " + lab.id()
                    + (taskNumber == null ? "" : " task " + taskNumber) + ".");
            return 0;
        }
        Hints hints = Hints.ofLab(lab.dir());
        if (hints.tasks().isEmpty()) {
            throw new KitException(lab.labPath() + " has no hints yet (no \"## N. Title\" sections in hints.md)");
        }
        if (all && taskNumber == null) {
            hints.tasks().values().forEach(task -> showAll(console, lab, state, task));
            state.save();
            return 0;
        }
        Hints.Task task;
        if (taskNumber != null) {
            task = hints.task(taskNumber).orElseThrow(() -> new KitException("lab " + lab.id() + " has no task "
                    + taskNumber + ": its tasks are " + hints.tasks().keySet().stream().map(String::valueOf)
                    .collect(Collectors.joining(", "))));
        } else {
            LabProgress progress = LabProgress.of(lab);
            if (progress.state() == LabProgress.State.GREEN && !progress.stale()) {
                console.println("Every task of lab " + lab.id() + " is green: nothing to hint. "
                        + "(A task's hints anyway: ./kit hint " + lab.id() + " N)");
                return 0;
            }
            int next = progress.nextTask().map(LabProgress.TaskProgress::number).orElse(hints.tasks().firstKey());
            task = hints.task(next).orElse(hints.tasks().firstEntry().getValue());
        }
        if (all) {
            showAll(console, lab, state, task);
        } else {
            showNext(console, lab, state, task);
        }
        state.save();
        return 0;
    }

    private static void showNext(Console console, Lab lab, HintState state, Hints.Task task) {
        List<String> hints = task.hints();
        if (hints.isEmpty()) {
            throw new KitException("lab " + lab.id() + " task " + task.number() + " has no hints in hints.md");
        }
        int seen = state.seen(lab.name(), task.number());
        int shown = Math.min(seen + 1, hints.size());
        console.println(console.bold("Lab " + lab.id() + " · Task " + task.number() + ": " + task.title())
                + console.dim("  (hint " + shown + " of " + hints.size() + ")"));
        console.println("");
        console.println(indent(hints.get(shown - 1)));
        console.println("");
        if (shown < hints.size()) {
            console.println(console.dim("Still stuck? Run it again for hint " + (shown + 1) + ": ./kit hint " + lab.id()
                    + " " + task.number()));
        } else {
            console.println(console.dim("That was the last hint. Compare with the reference: ./kit diff " + lab.id()));
        }
        state.markSeen(lab.name(), task.number(), shown);
    }

    private static void showAll(Console console, Lab lab, HintState state, Hints.Task task) {
        console.println(console.bold("Lab " + lab.id() + " · Task " + task.number() + ": " + task.title()));
        for (int i = 0; i < task.hints().size(); i++) {
            console.println("");
            console.println(console.dim("Hint " + (i + 1) + " of " + task.hints().size()));
            console.println(indent(task.hints().get(i)));
        }
        console.println("");
        state.markSeen(lab.name(), task.number(), task.hints().size());
    }

    private static String indent(String text) {
        return text.lines().map(line -> line.isBlank() ? "" : "  " + line.strip()).collect(Collectors.joining("\n"));
    }
}
