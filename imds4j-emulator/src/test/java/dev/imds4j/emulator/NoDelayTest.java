/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * jdk.httpserver writes headers and body separately; without TCP_NODELAY the body waits for the
 * client's delayed ACK, about 40 ms on Linux. This checks the emulator switched Nagle off: the
 * median warm GET on a kept-alive connection stays far below that stall.
 */
final class NoDelayTest {
    @Test
    void warmGet_answeredWellUnderTheNagleStall() throws Exception {
        try (ImdsEmulator emulator = ImdsEmulator.start();
                RawHttp http = new RawHttp(emulator.endpoint(), Duration.ofSeconds(5))) {
            String token = http.send("PUT", ImdsEmulator.TOKEN_PATH,
                    "X-aws-ec2-metadata-token-ttl-seconds", "60").text();
            long[] micros = new long[41];
            for (int i = 0; i < micros.length; i++) {
                long start = System.nanoTime();
                RawHttp.Response r = http.send("GET", "/latest/meta-data/ami-id",
                        "X-aws-ec2-metadata-token", token);
                micros[i] = (System.nanoTime() - start) / 1000;
                assertThat(r.status()).isEqualTo(200);
            }
            Arrays.sort(micros);

            assertThat(System.getProperty("sun.net.httpserver.nodelay")).isEqualTo("true");
            assertThat(micros[micros.length / 2]).as("median warm GET, microseconds")
                    .isLessThan(20_000);
        }
    }
}
