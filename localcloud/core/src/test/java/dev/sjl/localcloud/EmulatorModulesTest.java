package dev.sjl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;

import dev.sjl.localcloud.junit.LocalCloudTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * This module's own test classpath is what a lab that depends only on localcloud-core gets: no S3 server, no
 * PostgreSQL binaries. Asking for those services must say which module to add, before anything starts.
 */
class EmulatorModulesTest {

    @Test
    @DisplayName("localcloud-core alone carries neither S3Proxy/jclouds nor the PostgreSQL binaries nor Testcontainers")
    void coreIsLight() {
        ClassLoader loader = getClass().getClassLoader();
        assertThat(loader.getResource("org/gaul/s3proxy/S3Proxy.class")).as("S3Proxy").isNull();
        assertThat(loader.getResource("org/jclouds/ContextBuilder.class")).as("jclouds").isNull();
        assertThat(loader.getResource("postgres-linux-x86_64.txz")).as("PostgreSQL binaries").isNull();
        assertThat(loader.getResource("org/testcontainers/DockerClientFactory.class")).as("Testcontainers").isNull();
        assertThat(EmulatorModules.find(Service.S3)).isEmpty();
        assertThat(EmulatorModules.find(Service.POSTGRES)).isEmpty();
    }

    @Test
    @DisplayName("Service.S3 without localcloud-s3: the error names the dependency to add, and nothing was started")
    void s3WithoutItsModule() {
        try (LocalCloud cloud = LocalCloud.builder().start()) {
            assertThatThrownBy(() -> cloud.ensureStarted(java.util.List.of(Service.SSM, Service.S3)))
                    .isInstanceOf(MissingModuleException.class)
                    .hasMessageContaining("Service.S3 needs the module dev.sjl:localcloud-s3")
                    .hasMessageContaining("<artifactId>localcloud-s3</artifactId>")
                    .hasMessageContaining("<scope>test</scope>");
            assertThat(cloud.endpoints()).as("checked before any emulator starts").isEmpty();
        }
    }

    @Test
    @DisplayName("Service.POSTGRES without localcloud-postgres: the error names that module")
    void postgresWithoutItsModule() {
        assertThatThrownBy(() -> LocalCloud.start(Service.POSTGRES))
                .isInstanceOf(MissingModuleException.class)
                .hasMessageContaining("dev.sjl:localcloud-postgres")
                .satisfies(e -> assertThat(((MissingModuleException) e).artifactId()).isEqualTo("localcloud-postgres"));
    }

    @Test
    @DisplayName("-Dcloud=localstack without localcloud-localstack: the classes are skipped, the reason names the module")
    void localStackWithoutItsModule() {
        EngineTestKit.engine("junit-jupiter").configurationParameter("cloud", "localstack")
                .selectors(selectClass(UsesSsm.class)).execute().containerEvents()
                .assertThatEvents().haveExactly(1, event(skippedWithReason(
                        r -> r.contains("-Dcloud=localstack needs the module dev.sjl:localcloud-localstack on the test classpath"))));
    }

    /** Run only through the engine above. */
    @LocalCloudTest(services = Service.SSM)
    static class UsesSsm {
        @Test
        void nothing() {
        }
    }
}
