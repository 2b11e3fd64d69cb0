package dev.sjl.deploy;

import dev.sjl.functions.FunctionCatalog;
import dev.sjl.functions.ServiceFunction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.services.lambda.AssetCode;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Function code: the functions' packages when they exist, never a silent stand-in")
class FunctionCodeTest {

    @Test
    @DisplayName("Takes each function's code from <packages>/<name>.zip, and names the function whose zip is missing")
    void packagesByName(@TempDir Path packages) throws Exception {
        ServiceFunction me = FunctionCatalog.named(dev.sjl.apigateway.UserApi.ME_FUNCTION);
        ServiceFunction avatars = FunctionCatalog.named(FunctionCatalog.AVATARS);
        Files.write(packages.resolve(me.name() + ".zip"), new byte[] {'P', 'K', 5, 6});
        FunctionCode code = FunctionCode.fromPackages(packages);

        assertThat(code.deployable()).as("packages are deployable code").isTrue();
        assertThat(code.code(me)).as("the asset of me.zip").isInstanceOf(AssetCode.class);
        assertThatThrownBy(() -> code.code(avatars)).as("no avatars.zip: synthesis stops and says which")
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'avatars'")
                .hasMessageContaining("avatars.zip");
    }

    @Test
    @DisplayName("Marks the placeholder as not deployable (kit deploy refuses it)")
    void placeholderIsNotDeployable(@TempDir Path dir) {
        FunctionCode code = FunctionCode.placeholderForSynthOnly(dir);
        assertThat(code.deployable()).isFalse();
        assertThat(dir.resolve(FunctionCode.PLACEHOLDER_MARKER)).as("the marker file in the stand-in asset").exists();
    }
}
