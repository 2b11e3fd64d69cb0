package dev.sjl.deploy;

import software.amazon.awscdk.services.lambda.Code;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where each function's deployment package comes from. The per-function packages (one zip per function, issue #19
 * item 5) are not built yet, so synthesis can also use {@link #placeholderForSynthOnly(Path)}: one small directory
 * that stands in for every function's code. A template synthesized with it is complete and checkable, and its
 * functions would start and fail: {@code kit deploy} refuses it (see {@link #PLACEHOLDER_MARKER}).
 */
public sealed interface FunctionCode {

    /** The file in the placeholder asset; its presence in a cloud assembly means "not deployable". */
    String PLACEHOLDER_MARKER = "PLACEHOLDER-NOT-DEPLOYABLE.txt";

    Code code(ServiceFunction function);

    boolean deployable();

    /** {@code <dir>/<function name>.zip} for every function: a missing package is a clear error at synthesis. */
    static FunctionCode fromPackages(Path dir) {
        return new Packages(dir);
    }

    /** One stand-in directory for every function, written under {@code dir}. For synthesis and its checks only. */
    static FunctionCode placeholderForSynthOnly(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(PLACEHOLDER_MARKER), "Placeholder code asset: the per-function packages "
                    + "were not built. This cloud assembly is for checking the template, not for deploying.\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Placeholder(dir);
    }

    record Packages(Path dir) implements FunctionCode {
        @Override
        public Code code(ServiceFunction function) {
            Path zip = dir.resolve(function.name() + ".zip");
            if (!Files.isRegularFile(zip)) {
                throw new IllegalStateException("no deployment package for function '" + function.name() + "': "
                        + zip + " does not exist (build the functions' packages first)");
            }
            return Code.fromAsset(zip.toString());
        }

        @Override
        public boolean deployable() {
            return true;
        }
    }

    record Placeholder(Path dir) implements FunctionCode {
        @Override
        public Code code(ServiceFunction function) {
            return Code.fromAsset(dir.toString());
        }

        @Override
        public boolean deployable() {
            return false;
        }
    }
}
