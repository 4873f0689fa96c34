/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.opentelemetry;

import dev.imds4j.Ec2Host;
import io.opentelemetry.sdk.resources.Resource;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs one detection on a host that {@code /sys} (a fake tree given as the first argument) says
 * is not EC2, with nothing configured, and prints the attribute count and the names of the live
 * threads. The "nothing configured" address is a closed loopback port (second argument), so that
 * even a bug cannot send anywhere else. Run by {@link OffEc2CostIT} with class loading logged.
 */
public final class OffEc2Probe {
    private OffEc2Probe() {}

    /**
     * Runs it.
     *
     * @param args the fake root, a closed loopback endpoint and an AWS config file
     */
    public static void main(String[] args) {
        Resource r = Ec2ResourceDetector.builder()
                .host(Ec2Host.inspect(Path.of(args[0])))
                .environment(Map.of("AWS_CONFIG_FILE", args[2]))
                .clientSettings(Hosts.modeEndpoint(URI.create(args[1])))
                .build().detect();
        System.out.println("attributes=" + r.getAttributes().size());
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            System.out.println("thread=" + t.getName());
        }
    }
}
