package dev.sjl.localcloud;

import com.adobe.testing.s3mock.S3MockConfiguration;
import com.adobe.testing.s3mock.s3.controller.ControllerConfiguration;
import com.adobe.testing.s3mock.s3.service.ServiceConfiguration;
import com.adobe.testing.s3mock.s3.store.StoreConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.servlet.autoconfigure.HttpEncodingAutoConfiguration;
import org.springframework.boot.servlet.autoconfigure.MultipartAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * S3Mock's own configuration classes and the auto-configurations its S3 API needs, named instead of found.
 *
 * <p>{@code S3MockApplication} is a {@code @SpringBootApplication}: it scans S3Mock's 300 classes and weighs every
 * auto-configuration on the classpath, actuator, metrics, health, AOP and task scheduling among them, none of which
 * the local cloud uses. Reading and matching those was most of S3Mock's start. The list below is what that context
 * applied, less those: the four S3 configurations (the S3 Vectors ones are off without their profile) and the web
 * stack (Tomcat, Spring MVC, Jackson XML, multipart, error pages). Task execution stays because S3Mock streams object
 * bodies through Spring MVC's async support, which runs on that executor. After an S3Mock upgrade, compare this list
 * with what {@code S3MockApplication} scans ({@code S3MockTest} and {@code AwsCliTest} fail on a missing piece).
 */
@Configuration(proxyBeanMethods = false)
@Import({S3MockConfiguration.class, StoreConfiguration.class, ServiceConfiguration.class, ControllerConfiguration.class})
@ImportAutoConfiguration({
        PropertyPlaceholderAutoConfiguration.class,
        ConfigurationPropertiesAutoConfiguration.class,
        LifecycleAutoConfiguration.class,
        TaskExecutionAutoConfiguration.class,
        JacksonAutoConfiguration.class,
        HttpMessageConvertersAutoConfiguration.class,
        HttpEncodingAutoConfiguration.class,
        MultipartAutoConfiguration.class,
        TomcatServletWebServerAutoConfiguration.class,
        DispatcherServletAutoConfiguration.class,
        WebMvcAutoConfiguration.class,
        ErrorMvcAutoConfiguration.class})
class S3MockParts {
}
