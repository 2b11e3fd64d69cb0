package dev.sjl.kit;

import dev.sjl.kit.build.BuildLog;

import java.util.function.Consumer;

/**
 * Shows which module Maven is building: one line redrawn in place on a terminal, one line per module in a log (so a
 * CI job shows it is alive without pages of Maven output).
 */
final class Progress {

    private Progress() {
    }

    static Consumer<String> to(Console console) {
        return line -> BuildLog.progress(line).ifPresent(step -> {
            if (console.terminal()) {
                String shown = step.length() > 78 ? step.substring(0, 78) : step;
                console.out().print("\r\u001B[2K  " + console.dim(shown));
                console.out().flush();
            } else {
                console.println("  " + step);
            }
        });
    }

    static void done(Console console) {
        if (console.terminal()) {
            console.out().print("\r\u001B[2K");
            console.out().flush();
        }
    }
}
