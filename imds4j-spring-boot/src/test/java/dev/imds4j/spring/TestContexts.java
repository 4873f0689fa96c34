/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.spring;

import dev.imds4j.Ec2Host;
import dev.imds4j.ImdsClient;
import dev.imds4j.emulator.ImdsEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Contexts for the tests: every imds4j auto-configuration, and a guard that fails the context
 * if any {@link ImdsClient} in it could send a packet beyond the loopback interface.
 */
final class TestContexts {
    static final AutoConfigurations ALL = AutoConfigurations.of(ImdsAutoConfiguration.class,
            ImdsMetricsAutoConfiguration.class, ImdsHealthAutoConfiguration.class,
            ImdsAwsSdkAutoConfiguration.class, ImdsInterruptionAutoConfiguration.class);

    private TestContexts() {}

    /** All auto-configurations, the loopback guard, and no endpoint property. */
    static ApplicationContextRunner runner() {
        return new ApplicationContextRunner().withConfiguration(ALL)
                .withBean(LoopbackOnly.class, LoopbackOnly::new);
    }

    /**
     * The client and property source auto-configuration alone, with the loopback guard: no
     * feature takes the client while the context starts (the health indicator would).
     */
    static ApplicationContextRunner clientOnly() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ImdsAutoConfiguration.class))
                .withBean(LoopbackOnly.class, LoopbackOnly::new);
    }

    /**
     * All auto-configurations against {@code imds}. The read timeout is generous: on a loaded
     * machine a first request in a fresh JVM can take longer than the default second.
     */
    static ApplicationContextRunner onEmulator(ImdsEmulator imds) {
        return runner().withPropertyValues("imds4j.endpoint=" + imds.endpoint(),
                "imds4j.read-timeout=10s");
    }

    /** A client of {@code imds} with the same generous read timeout. */
    static ImdsClient client(ImdsEmulator imds) {
        return ImdsClient.builder().endpoint(imds.endpoint()).readTimeout(Duration.ofSeconds(10))
                .build();
    }

    /**
     * All auto-configurations on a host that is not EC2, with no endpoint configured anywhere:
     * the client knows it is off EC2 and sends nothing.
     */
    static ApplicationContextRunner offEc2(Path dir) {
        Ec2Host host = host(dir, "QEMU");
        return runner().withBean(ImdsClientCustomizer.class,
                () -> b -> b.host(host).environment(Map.of()));
    }

    /** A host detection as {@code /sys} under {@code dir} with {@code vendor} would give. */
    static Ec2Host host(Path dir, String vendor) {
        try {
            Path file = dir.resolve("sys/class/dmi/id/sys_vendor");
            Files.createDirectories(file.getParent());
            Files.writeString(file, vendor + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Ec2Host.inspect(dir);
    }

    /** Refuses any client that would send to an address off this machine. */
    static final class LoopbackOnly implements BeanPostProcessor {
        @Override
        public Object postProcessAfterInitialization(Object bean, String name) {
            if (bean instanceof ImdsClient client) {
                check(client);
            }
            return bean;
        }

        static void check(ImdsClient client) {
            if (!client.knownOffEc2() && !loopback(client.endpoint())) {
                client.close();
                throw new IllegalStateException("test guard: " + client.endpoint()
                        + " is not a loopback address and the client is not known off EC2");
            }
        }

        private static boolean loopback(URI endpoint) {
            try {
                return InetAddress.getByName(endpoint.getHost()).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
    }
}
