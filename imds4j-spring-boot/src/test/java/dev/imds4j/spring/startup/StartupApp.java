/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.spring.startup;

import dev.imds4j.Ec2Host;
import dev.imds4j.spring.ImdsClientCustomizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * The application {@code imds4j-benchmarks/spring-startup.py} starts as a whole process with
 * three class paths: Spring Boot alone, with imds4j-spring-boot, and with what
 * spring-cloud-aws-starter-imds brings. It starts the context, prints the milliseconds from JVM
 * start to a ready context, resolves the properties named in {@code -Dbench.resolve}, and exits.
 * {@code -Dbench.offEc2=true} makes imds4j's client see a host that is not EC2 (as on a QEMU VM
 * or a laptop) with no endpoint configured; {@code -Dbench.listKeys=true} prints the names of
 * every enumerable IMDS property source.
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

    /** With imds4j and {@code -Dbench.offEc2=true}: a host that is not EC2, no endpoint. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "dev.imds4j.spring.ImdsClientCustomizer")
    static class OffEc2 {
        @Bean
        ImdsClientCustomizer benchOffEc2() throws IOException {
            if (!Boolean.getBoolean("bench.offEc2")) {
                return b -> { };
            }
            Path root = Files.createTempDirectory("not-ec2");
            Path vendor = root.resolve("sys/class/dmi/id/sys_vendor");
            Files.createDirectories(vendor.getParent());
            Files.writeString(vendor, "QEMU\n");
            Ec2Host host = Ec2Host.inspect(root);
            return b -> b.host(host).environment(Map.of());
        }
    }
}
