package dev.sjl.localcloud;

import com.adobe.testing.s3mock.S3MockApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Adobe's S3Mock in this JVM (a Spring Boot app, started from {@link S3MockParts}), with five additions: its one
 * connector binds loopback only, a servlet filter reports object writes to {@link S3Events}, since S3Mock delivers no
 * notifications itself, another keeps each bucket's CORS configuration and answers browsers by it
 * ({@link S3CorsFilter}), a third verifies presigned URLs as S3 does ({@link S3PresignFilter}), and a valve lets
 * botocore-based clients (the AWS CLI) upload.
 */
final class S3MockEmulator implements RunningEmulator {
    private final ConfigurableApplicationContext context;
    private final URI endpoint;
    private final Path root;

    private S3MockEmulator(ConfigurableApplicationContext context, URI endpoint, Path root) {
        this.context = context;
        this.endpoint = endpoint;
        this.root = root;
    }

    static S3MockEmulator start(int port, S3Events events, Path log) {
        Path root;
        try {
            root = Files.createTempDirectory("sjl-s3mock-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> props = new HashMap<>();
        // One plain-HTTP connector, Spring Boot's own, on the port asked for. S3Mock's HTTPS connector (a keystore to
        // load and a TLS context to build) and its extra HTTP connector (removed by sjlOneConnector) serve nobody here.
        props.put("server.port", port);
        props.put("server.ssl.enabled", false);
        props.put("server.address", Ports.LOOPBACK);
        // S3Mock 5's application.properties sets com.adobe.testing.s3mock.httpPort from "http.port", and its file wins
        // over these default properties; S3MockProperties needs a value although its connector is never started.
        props.put(S3MockApplication.PROP_HTTP_PORT, 0);
        props.put("com.adobe.testing.s3mock.store.root", root.toString());
        props.put("com.adobe.testing.s3mock.store.retainFilesOnExit", false);
        props.put("spring.main.register-shutdown-hook", false);
        try {
            ConfigurableApplicationContext context = new SpringApplicationBuilder(S3MockParts.class, LocalCloudS3Config.class)
                    .properties(props)
                    .bannerMode(Banner.Mode.OFF)
                    .initializers(ctx -> ctx.getBeanFactory().registerSingleton("sjlS3Events", events))
                    .run();
            int httpPort = ((WebServerApplicationContext) context).getWebServer().getPort();
            return new S3MockEmulator(context, URI.create("http://" + Ports.LOOPBACK + ":" + httpPort), root);
        } catch (RuntimeException e) {
            Dirs.deleteTree(root);
            throw EmulatorStartException.of("S3Mock", describe(e, port), log, e);
        }
    }

    static String describe(Exception e, int port) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        if (root instanceof java.net.BindException) {
            return "port " + port + " is already in use";
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            context.close();
        } catch (RuntimeException ignored) {
            // best effort on the way out
        }
        Dirs.deleteTree(root);
    }

    /** Spring configuration added next to S3Mock's own. Public: Spring instantiates it. */
    @Configuration(proxyBeanMethods = false)
    public static class LocalCloudS3Config {
        @Bean
        FilterRegistrationBean<S3EventFilter> sjlS3EventFilter(S3Events sjlS3Events) {
            FilterRegistrationBean<S3EventFilter> registration = new FilterRegistrationBean<>(new S3EventFilter(sjlS3Events));
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
            return registration;
        }

        /** Bucket CORS, which S3Mock lacks (it answers every origin): before S3Mock's own CORS handling. */
        @Bean
        FilterRegistrationBean<S3CorsFilter> sjlS3CorsFilter() {
            FilterRegistrationBean<S3CorsFilter> registration = new FilterRegistrationBean<>(new S3CorsFilter());
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
            return registration;
        }

        /**
         * Presigned URLs checked as S3 checks them ({@link S3PresignFilter}), against the credentials the local cloud
         * hands its clients. After the CORS filter, so a preflight is answered and a refusal carries the bucket's CORS
         * headers, as on S3; before S3Mock, which would take any presigned request.
         */
        @Bean
        FilterRegistrationBean<S3PresignFilter> sjlS3PresignFilter() {
            FilterRegistrationBean<S3PresignFilter> registration = new FilterRegistrationBean<>(new S3PresignFilter(
                    Map.of(AwsClients.DUMMY_KEY, AwsClients.DUMMY_KEY), Clock.systemUTC()));
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
            return registration;
        }

        /**
         * S3Mock adds a second, plain-HTTP connector of its own, bound on every interface. This runs after all factory
         * customizers (S3Mock's included) and removes it: Spring Boot's connector, on loopback and without TLS (see
         * {@link S3MockEmulator#start}), is the only one. It also adds the valve that lets the AWS CLI upload
         * ({@link BotocoreContinueValve}).
         */
        @Bean
        static BeanPostProcessor sjlOneConnector() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    if (bean instanceof TomcatServletWebServerFactory factory) {
                        factory.setAdditionalConnectors(List.of());
                        factory.addEngineValves(new BotocoreContinueValve());
                    }
                    return bean;
                }
            };
        }
    }
}
