/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.imds4j.SensitiveString;
import dev.imds4j.emulator.ImdsEmulator;
import dev.imds4j.junit.ImdsEmulatorTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;
import software.amazon.awssdk.imds.Ec2MetadataResponse;

/** Every benchmarked client and program reads the right value: a failing one measures nothing. */
@ImdsEmulatorTest
final class ClientsTest {
    private static final String AMI = "ami-0c1c30571d2dae5c9";

    /** The clients the JMH benchmarks name in their {@code client} parameters. */
    private static Set<String> benchmarked() throws NoSuchFieldException {
        Set<String> names = new TreeSet<>();
        for (Class<?> benchmark : List.of(WarmGetBenchmark.class, ColdBurstBenchmark.class)) {
            names.addAll(List.of(benchmark.getField("client").getAnnotation(Param.class)
                    .value()));
        }
        return names;
    }

    @Test
    void everyBenchmarkedClient_readsTheValue(ImdsEmulator emulator) throws Exception {
        Set<String> names = benchmarked();
        assertThat(names).contains("imds4j", "sdk-apache", "sdk-urlconnection", "floor");
        for (String name : names) {
            try (Clients.Getter g = Clients.create(name, emulator.endpoint())) {
                Object value = g.get();
                String text = value instanceof SensitiveString s ? s.reveal()
                        : value instanceof Ec2MetadataResponse r ? r.asString()
                        : (String) value;
                assertThat(text).as(name).isEqualTo(AMI);
            }
        }
    }

    @Test
    void processPrograms_printTheValue(ImdsEmulator emulator) throws Exception {
        String ep = emulator.endpoint().toString();
        assertThat(capture(() -> JvmFloor.main(new String[] {ep, Clients.PATH})))
                .isEqualTo(AMI);
        assertThat(capture(() -> SdkV2Get.main(new String[] {"urlconnection", ep,
            Clients.PATH}))).isEqualTo(AMI);
        assertThat(capture(() -> SdkV2Get.main(new String[] {"apache", ep, Clients.PATH})))
                .isEqualTo(AMI);
    }

    private interface Main {
        void run() throws Exception;
    }

    private static String capture(Main main) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, UTF_8));
        try {
            main.run();
        } finally {
            System.setOut(saved);
        }
        return out.toString(UTF_8);
    }
}
