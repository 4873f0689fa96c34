/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An endpoint holding a password, malformed in every way a user may type it (no scheme, a
 * leading space, no host, a bracket): the password reaches neither stdout nor stderr, with or
 * without {@code --verbose} traces, as a flag or from the environment, in {@code imds config}
 * text and JSON. Nothing is sent: every such endpoint is refused before a request.
 */
final class EndpointRedactionTest {
    private static final String[] ENDPOINTS = {" http://a:hunter2@127.0.0.1:1",
        "//a:hunter2@127.0.0.1:1", "///a:hunter2@127.0.0.1:1", "//[a:hunter2@127.0.0.1",
        "a:hunter2@127.0.0.1:1", "http:a:hunter2@127.0.0.1", "\thttp://a:hunter2@127.0.0.1:1",
        "http://a:hun//ter2@127.0.0.1:1", "http://a:hun@ter2@127.0.0.1:1",
        "http://a:hunter2@127.0.0.1:99999999999999999999", ":hunter2@127.0.0.1:1",
        "http://a:hunter2@127.0.0.1:1", "https://a:hunter2@[::1", "http://a:hunter2@127.0.0.1:1/"
            + "x".repeat(300), "x://y//a:hunter2@127.0.0.1:1", "http://a:hunter2\u0000@h:1"};

    @Test
    void aPasswordInAMalformedEndpoint_neverPrinted() {
        for (String endpoint : ENDPOINTS) {
            for (String[] command : new String[][] {{"get", "ami-id"}, {"-v", "get", "ami-id"},
                {"config"}, {"config", "--json"}, {"-v", "config", "--json"}}) {
                String[] withFlag = new String[command.length + 2];
                withFlag[0] = "--endpoint";
                withFlag[1] = endpoint;
                System.arraycopy(command, 0, withFlag, 2, command.length);
                check(endpoint, CliRun.run(Map.of(), withFlag));
                check(endpoint, CliRun.run(Map.of("AWS_EC2_METADATA_SERVICE_ENDPOINT", endpoint),
                        command));
            }
        }
    }

    private static void check(String endpoint, CliRun r) {
        assertThat(r.code()).as(endpoint + ": " + r.stderr()).isEqualTo(2);
        assertThat(r.out() + r.stderr()).as(endpoint).doesNotContain("hunter2")
                .doesNotContain("hun").contains("<redacted>");
    }
}
