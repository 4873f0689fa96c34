/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imds4j.emulator.ImdsEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 10,000 client create/use/close cycles: no growth in threads or file descriptors.
 *
 * <p>A soak test, so it runs in the integration-test phase (after package); see DEVELOPERS.md.
 */
@Timeout(300)
final class ResourceAuditIT {
    private static final int CYCLES = 10_000;

    @Test
    void tenThousandCycles_noThreadOrDescriptorGrowth() throws Exception {
        try (ImdsEmulator emulator = ImdsEmulator.builder().journalCapacity(1).start()) {
            cycles(emulator, 200); // warm: lazily started JDK threads, emulator worker pool
            System.gc();
            Set<String> threadsBefore = threads();
            long fdsBefore = openFileDescriptors();

            cycles(emulator, CYCLES);
            // the server side of the last closed sockets closes a moment later
            Await.until("descriptors back to at most 4 above the start",
                    () -> openFileDescriptorsOrMax() <= fdsBefore + 4);
            Set<String> threadsAfter = threads();
            long fdsAfter = openFileDescriptors();

            System.out.printf("resources: threads %d -> %d, descriptors %d -> %d%n",
                    threadsBefore.size(), threadsAfter.size(), fdsBefore, fdsAfter);
            Set<String> added = new TreeSet<>(threadsAfter);
            added.removeAll(threadsBefore);
            assertThat(added).as("threads started and still alive").isEmpty();
            assertThat(fdsAfter).isLessThanOrEqualTo(fdsBefore + 4);
            assertThat(StormIT.asyncThreads()).isZero();
        }
    }

    private static void cycles(ImdsEmulator emulator, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            try (ImdsClient imds = Patient.client(emulator.endpoint()).build()) {
                if (i % 10 == 0) {
                    assertThat(imds.getAsync("/latest/meta-data/ami-id")
                            .get(30, TimeUnit.SECONDS).reveal()).startsWith("ami-");
                } else {
                    assertThat(imds.get("/latest/meta-data/ami-id").reveal()).startsWith("ami-");
                }
            }
        }
    }

    /**
     * Live threads other than the emulator's server threads (its cached worker pool keeps a
     * thread for a minute after each connection, which says nothing about the client).
     */
    static Set<String> threads() {
        Set<String> names = new TreeSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && !t.getName().startsWith("imds-emulator-")
                    && !t.getName().startsWith("HTTP-Dispatcher")) {
                names.add(t.getName() + "#" + t.getId());
            }
        }
        return names;
    }

    /** Open descriptors of this process, from /proc (Linux, where CI runs). */
    private static long openFileDescriptorsOrMax() {
        try {
            return openFileDescriptors();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    static long openFileDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
