package dev.sjl.kit.rehearse;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** Resolves the {@code NN|all} argument of the commands against the labs that exist. */
final class LabSelection {

    private LabSelection() {
    }

    /**
     * @param argument {@code all}, a lab number ({@code 03}) or a lab folder name ({@code 03-jwt})
     * @return the matching lab folder names (a number matches every folder with it, should two ever share one);
     *         empty when the argument names no known lab
     */
    static Optional<List<String>> resolve(String argument, Collection<String> knownLabs) {
        TreeSet<String> labs = new TreeSet<>(knownLabs);
        if ("all".equalsIgnoreCase(argument)) {
            return Optional.of(List.copyOf(labs));
        }
        List<String> matching = labs.stream().filter(l -> l.equals(argument) || l.startsWith(argument + "-"))
                .toList();
        return matching.isEmpty() ? Optional.empty() : Optional.of(matching);
    }

    /** "01, 02, 03" — for the one-line error. */
    static String numbers(Collection<String> knownLabs) {
        TreeSet<String> numbers = new TreeSet<>();
        knownLabs.forEach(l -> numbers.add(l.substring(0, 2)));
        return numbers.isEmpty() ? "none yet" : String.join(", ", numbers);
    }
}
