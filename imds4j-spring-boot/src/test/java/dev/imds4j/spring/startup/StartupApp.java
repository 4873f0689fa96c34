/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.spring.startup;

import dev.imds4j.Ec2Host;
import dev.imds4j.ImdsClient;
import dev.imds4j.spring.ImdsClientCustomizer;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * The application {@code imds4j-benchmarks/spring-startup.py} starts as a whole process with
 * three class paths: Spring Boot alone, with imds4j-spring-boot, and with what
 * spring-cloud-aws-starter-imds brings. It starts the context, prints the milliseconds from JVM
 * start to a ready context, resolves the properties named in {@code -Dbench.resolve}, and exits.
 * {@code -Dbench.offEc2Root=DIR} makes imds4j's client see the host that {@link Ec2Host}
 * finds under {@code DIR} (the script makes one whose {@code sys_vendor} is QEMU, as on a QEMU
 * VM) with no endpoint configured; {@code -Dbench.listKeys=true} prints the names of every
 * enumerable IMDS property source.
 *
 * <pre>
 * java -cp ... -Dbench.resolve=imds.instance-id dev.imds4j.spring.startup.StartupApp
 * </pre>
 */
@SpringBootApplication
public class StartupApp {
    /** Created by Spring. */
    public StartupApp() {}

    /**
     * Runs the application once.
     *
     * @param args Spring Boot arguments, such as {@code --imds4j.endpoint=URL}
     */
    public static void main(String[] args) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(StartupApp.class)
                .web(WebApplicationType.NONE).logStartupInfo(false).run(args)) {
            long ready = Duration.between(ProcessHandle.current().info().startInstant()
                    .orElseThrow(), Instant.now()).toMillis();
            System.out.println("context-ready-ms=" + ready);
            for (String name : System.getProperty("bench.resolve", "").split(",")) {
                if (!name.isEmpty()) {
                    System.out.println(name + "=" + context.getEnvironment().getProperty(name));
                }
            }
            if (Boolean.getBoolean("bench.listKeys")) {
                for (PropertySource<?> s : context.getEnvironment().getPropertySources()) {
                    if (s instanceof EnumerablePropertySource<?> e
                            && s.getName().toLowerCase().contains("metadata")) {
                        System.out.println("source " + s.getName() + ": "
                                + String.join(" ", e.getPropertyNames()));
                    }
                }
            }
        }
    }

    /**
     * With imds4j and {@code -Dbench.offEc2Root=DIR}: the host {@code DIR} describes, and the
     * process environment without {@code AWS_EC2_METADATA_SERVICE_ENDPOINT}, so that no
     * endpoint is configured (the AWS config file is still read, as on a laptop). The variable's
     * value, a loopback address, becomes the address the endpoint mode stands for: should the
     * client ever fail to see that it is off EC2, it would knock on 127.0.0.1, never on the
     * link-local address. Everything happens in {@code customize}, when the client's settings
     * are first needed, as {@link Ec2Host#current()} would.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "dev.imds4j.spring.ImdsClientCustomizer")
    @ConditionalOnProperty("bench.offEc2Root")
    static class OffEc2 {
        @Bean
        ImdsClientCustomizer benchOffEc2(Environment environment) {
            String root = environment.getRequiredProperty("bench.offEc2Root");
            return b -> {
                Map<String, String> env = new HashMap<>(System.getenv());
                String loopback = env.remove("AWS_EC2_METADATA_SERVICE_ENDPOINT");
                if (loopback == null || !loopback.startsWith("http://127.0.0.1:")) {
                    throw new IllegalStateException("bench.offEc2Root needs "
                            + "AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:PORT");
                }
                modeEndpoint(b, URI.create(loopback));
                b.host(Ec2Host.inspect(Path.of(root))).environment(env);
            };
        }

        /** The builder's package-private test hook: the address of the endpoint mode. */
        private static void modeEndpoint(ImdsClient.Builder b, URI uri) {
            try {
                Method hook = ImdsClient.Builder.class.getDeclaredMethod("modeEndpoint",
                        URI.class);
                hook.setAccessible(true);
                hook.invoke(b, uri);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("ImdsClient.Builder.modeEndpoint(URI) is "
                        + "gone: the off-EC2 run cannot be made safe", e);
            }
        }
    }
}
