/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** 256 clients at once, each with its own connection, token and tag: every answer its own. */
final class ConcurrencyTest {
    private static final int CLIENTS = 256;
    private static final int GETS = 4;

    @Test
    void concurrentClients_eachGetsItsOwnAnswers() throws Exception {
        try (ImdsEmulator emulator = ImdsEmulator.start()) {
            for (int i = 0; i < CLIENTS; i++) {
                emulator.put("/latest/meta-data/tags/instance/client-" + i, "value-" + i);
            }
            URI endpoint = emulator.endpoint();
            CountDownLatch ready = new CountDownLatch(CLIENTS);
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            try {
                List<Future<List<String>>> results = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    int id = i;
                    results.add(pool.submit(client(endpoint, id, ready)));
                }
                for (int i = 0; i < CLIENTS; i++) {
                    List<String> answers = results.get(i).get(60, TimeUnit.SECONDS);
                    assertThat(answers).hasSize(GETS).containsOnly("value-" + i);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(emulator.requestCount()).isEqualTo(CLIENTS * (1L + GETS));
            assertThat(emulator.tokenRequestCount()).isEqualTo(CLIENTS);
            assertThat(emulator.requests()).extracting(RecordedRequest::status).containsOnly(200);
            assertThat(emulator.requests()).extracting(RecordedRequest::sequence)
                    .doesNotHaveDuplicates().hasSize(CLIENTS * (1 + GETS));
        }
    }

    private static Callable<List<String>> client(URI endpoint, int id, CountDownLatch ready) {
        return () -> {
            ready.countDown();
            ready.await();
            List<String> answers = new ArrayList<>();
            try (RawHttp http = new RawHttp(endpoint, Duration.ofSeconds(30))) {
                RawHttp.Response token = http.send("PUT", ImdsEmulator.TOKEN_PATH,
                        "X-aws-ec2-metadata-token-ttl-seconds", "60");
                if (token.status() != 200) {
                    throw new IOException("client " + id + ": token status " + token.status());
                }
                for (int g = 0; g < GETS; g++) {
                    RawHttp.Response r = http.send("GET",
                            "/latest/meta-data/tags/instance/client-" + id,
                            "X-aws-ec2-metadata-token", token.text());
                    answers.add(r.status() == 200 ? r.text() : "status " + r.status());
                }
            }
            return answers;
        };
    }
}
