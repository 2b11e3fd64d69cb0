package dev.sjl.kit.pit;

import org.pitest.bytecode.analysis.ClassTree;
import org.pitest.mutationtest.build.InterceptorType;
import org.pitest.mutationtest.build.MutationInterceptor;
import org.pitest.mutationtest.engine.Mutater;
import org.pitest.mutationtest.engine.MutationDetails;

import java.util.Collection;
import java.util.List;

/** Drops every mutant whose line lies outside the task regions of its source file. */
final class TaskRegionFilter implements MutationInterceptor {

    private final TaskLines lines;

    TaskRegionFilter(TaskLines lines) {
        this.lines = lines;
    }

    @Override
    public InterceptorType type() {
        return InterceptorType.FILTER;
    }

    @Override
    public void begin(ClassTree clazz) {
        // the decision needs only each mutant's file and line
    }

    @Override
    public Collection<MutationDetails> intercept(Collection<MutationDetails> mutations, Mutater mutater) {
        return keep(mutations, lines);
    }

    static List<MutationDetails> keep(Collection<MutationDetails> mutations, TaskLines lines) {
        return mutations.stream().filter(mutation -> lines.inRegion(sourcePath(mutation), mutation.getLineNumber()))
                .toList();
    }

    /**
     * The mutant's source file under a source root: its class's package as folders and the file the class file
     * names ({@code dev/sjl/rds/PoolMetrics.java} for {@code dev.sjl.rds.PoolMetrics$1}).
     */
    static String sourcePath(MutationDetails mutation) {
        String javaName = mutation.getClassName().asJavaName();
        int dot = javaName.lastIndexOf('.');
        String folder = dot < 0 ? "" : javaName.substring(0, dot).replace('.', '/') + "/";
        return folder + mutation.getFilename();
    }

    @Override
    public void end() {
        // nothing held per class
    }
}
