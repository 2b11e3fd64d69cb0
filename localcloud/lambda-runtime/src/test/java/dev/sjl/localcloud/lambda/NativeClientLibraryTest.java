package dev.sjl.localcloud.lambda;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class NativeClientLibraryTest {

    private static final Path GLIBC_X86 = Path.of("/lib64/ld-linux-x86-64.so.2");
    private static final Path MUSL_X86 = Path.of("/lib/ld-musl-x86_64.so.1");
    private static final Path GLIBC_ARM = Path.of("/lib/ld-linux-aarch64.so.1");
    private static final Path MUSL_ARM = Path.of("/lib/ld-musl-aarch64.so.1");

    @Test
    @DisplayName("Picks the client's build for the platform: its architecture, and musl only where glibc's loader is "
            + "absent")
    void resourceName() {
        assertThat(NativeClientLibrary.resourceName("Linux", "amd64", Set.of(GLIBC_X86)::contains))
                .contains("jni/libaws-lambda-jni.linux-x86_64.so");
        assertThat(NativeClientLibrary.resourceName("Linux", "amd64", Set.of(GLIBC_X86, MUSL_X86)::contains))
                .contains("jni/libaws-lambda-jni.linux-x86_64.so");
        assertThat(NativeClientLibrary.resourceName("Linux", "amd64", Set.of(MUSL_X86)::contains))
                .contains("jni/libaws-lambda-jni.linux_musl-x86_64.so");
        assertThat(NativeClientLibrary.resourceName("Linux", "aarch64", Set.of(GLIBC_ARM)::contains))
                .contains("jni/libaws-lambda-jni.linux-aarch_64.so");
        assertThat(NativeClientLibrary.resourceName("Linux", "aarch64", Set.of(MUSL_ARM)::contains))
                .contains("jni/libaws-lambda-jni.linux_musl-aarch_64.so");
        assertThat(NativeClientLibrary.resourceName("Mac OS X", "aarch64", path -> true))
                .as("no build for macOS in the client's jar: the client is left to do as it does").isEmpty();
        assertThat(NativeClientLibrary.resourceName("Linux", "riscv64", path -> true)).isEmpty();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    @DisplayName("Unpacks the client's library once, into a directory only this user can write, not the shared /tmp "
            + "path")
    void unpacksAPrivateCopy() throws Exception {
        String classpath = System.getProperty("java.class.path");

        Optional<String> option = NativeClientLibrary.jvmOption(classpath, List.of());

        assertThat(option).as("a build for this machine is in the client's jar").isPresent();
        assertThat(NativeClientLibrary.jvmOption(classpath, List.of("-Xmx64m"))).as("one copy per classpath")
                .isEqualTo(option);
        String prefix = "-D" + NativeClientLibrary.PROPERTY + "=";
        assertThat(option.get()).startsWith(prefix);
        assertThat(NativeClientLibrary.jvmOption(classpath, List.of(prefix + "/opt/own.so")))
                .as("the function's own JVM options name a library already").isEmpty();
        Path file = Path.of(option.get().substring(prefix.length()));
        assertThat(file).isNotEqualTo(Path.of("/tmp/.libaws-lambda-jni.so"));
        assertThat(Files.getPosixFilePermissions(file.getParent())).as("the directory holding the library")
                .doesNotContain(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE,
                        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.GROUP_EXECUTE);
        String resource = NativeClientLibrary.resourceName(System.getProperty("os.name"),
                System.getProperty("os.arch"), Files::exists).orElseThrow();
        try (InputStream jar = NativeClientLibrary.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(jar).as(resource).isNotNull();
            assertThat(Files.readAllBytes(file)).as("the unpacked library is the jar's").isEqualTo(jar.readAllBytes());
        }
    }
}
