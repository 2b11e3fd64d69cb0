package dev.sjl.kit.pit;

import org.pitest.mutationtest.build.InterceptorParameters;
import org.pitest.mutationtest.build.MutationInterceptor;
import org.pitest.mutationtest.build.MutationInterceptorFactory;
import org.pitest.plugin.Feature;

/**
 * {@code --features=+KIT_TASK_REGIONS}: PIT keeps only the mutants on the lines of the task regions of the sources in
 * its {@code --sourceDirs}. Off by default, so this jar on PIT's classpath changes nothing until a run names it.
 */
public final class TaskRegionFilterFactory implements MutationInterceptorFactory {

    public static final String FEATURE = "KIT_TASK_REGIONS";

    @Override
    public MutationInterceptor createInterceptor(InterceptorParameters params) {
        return new TaskRegionFilter(TaskLines.read(params.data().getSourcePaths()));
    }

    @Override
    public Feature provides() {
        return Feature.named(FEATURE).withOnByDefault(false)
                .withDescription("Mutates only the lines of the task regions (// BEGIN TASK N ... // END TASK N)");
    }

    @Override
    public String description() {
        return "Serverless Java Labs: mutants of the task regions only";
    }
}
