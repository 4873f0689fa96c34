/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.opentelemetry;

import dev.imds4j.Ec2Host;
import dev.imds4j.ImdsClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** EC2 host detections made from fake {@code /sys} trees, and the mode-endpoint redirect. */
final class Hosts {
    private Hosts() {}

    /** The detection of a host whose DMI {@code sys_vendor} is {@code vendor}. */
    static Ec2Host vendor(Path root, String vendor) {
        try {
            Path file = root.resolve("sys/class/dmi/id/sys_vendor");
            Files.createDirectories(file.getParent());
            Files.writeString(file, vendor + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Ec2Host.inspect(root);
    }

    /**
     * Points the address an endpoint mode stands for at {@code uri}, through the client builder's
     * package-private test hook, so that "no endpoint configured" paths are exercised against a
     * loopback emulator and a bug can never send to the real link-local address. Fails at once,
     * before anything is built, if the hook is not there.
     */
    static Consumer<ImdsClient.Builder> modeEndpoint(URI uri) {
        Method hook;
        try {
            hook = ImdsClient.Builder.class.getDeclaredMethod("modeEndpoint", URI.class);
            hook.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new AssertionError("ImdsClient.Builder.modeEndpoint(URI) is gone: the tests "
                    + "of the unconfigured endpoint cannot be run safely", e);
        }
        return b -> {
            try {
                hook.invoke(b, uri);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new AssertionError("modeEndpoint failed", e);
            }
        };
    }

    /** Whether a thread of an imds4j client's own executor is alive. */
    static boolean clientThreadsAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("imds4j-async-") && t.isAlive());
    }
}
