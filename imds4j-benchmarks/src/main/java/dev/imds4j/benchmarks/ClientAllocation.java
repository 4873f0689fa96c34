/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.benchmarks;

import dev.imds4j.emulator.ImdsEmulator;
import java.lang.management.ManagementFactory;

/**
 * Bytes allocated by the calling thread per warm GET, per client: the client's own garbage,
 * without the in-process emulator's (which JMH's {@code -prof gc} would count too).
 *
 * <pre>
 * java -cp imds4j-benchmarks/target/benchmarks.jar dev.imds4j.benchmarks.ClientAllocation
 * </pre>
 */
public final class ClientAllocation {
    private static final int WARMUP = 20_000;
    private static final int MEASURED = 50_000;

    private ClientAllocation() {}

    /**
     * Prints a Markdown table of bytes per warm GET.
     *
     * @param args ignored
     * @throws Exception if a client fails
     */
    public static void main(String[] args) throws Exception {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        System.out.println("| client | bytes allocated per warm get (calling thread) |");
        System.out.println("|---|---|");
        try (ImdsEmulator emulator = ImdsEmulator.builder().journalCapacity(1).start()) {
            for (String name : new String[] {"imds4j", "sdk-apache", "sdk-urlconnection",
                "floor"}) {
                try (Clients.Getter getter = Clients.create(name, emulator.endpoint())) {
                    for (int i = 0; i < WARMUP; i++) {
                        getter.get();
                    }
                    long before = threads.getCurrentThreadAllocatedBytes();
                    for (int i = 0; i < MEASURED; i++) {
                        getter.get();
                    }
                    long bytes = threads.getCurrentThreadAllocatedBytes() - before;
                    System.out.printf("| %s | %d |%n", name, bytes / MEASURED);
                }
            }
        }
    }
}
