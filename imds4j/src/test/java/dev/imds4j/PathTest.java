/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class PathTest {
    @ParameterizedTest
    @ValueSource(strings = {"latest/meta-data", "", "/latest/meta data", "/latest/\tx",
        "/latest/x\ny", "/latest/x?y=1", "/latest/x#frag", "/latest/../secret",
        "/latest/./x", "/..", "/latest/\u0000", "/latest/\u00a0x"})
    void malformedPaths_rejectedBeforeAnyIo(String path) {
        try (ImdsClient imds = ImdsClient.builder().endpoint("http://127.0.0.1:9").build()) {
            assertThatThrownBy(() -> imds.get(path)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("path '");
            assertThatThrownBy(() -> imds.getAsync(path))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> imds.getBytes(path))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void nullPath_nullPointer() {
        try (ImdsClient imds = ImdsClient.builder().endpoint("http://127.0.0.1:9").build()) {
            assertThatThrownBy(() -> imds.get(null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("path");
        }
    }

    @Test
    void target_keepsAsciiAndEncodesTheRest() {
        assertThat(Paths.target("/latest/meta-data/")).isEqualTo("/latest/meta-data/");
        assertThat(Paths.target("/latest/meta-data/tags/instance/a%20b"))
                .isEqualTo("/latest/meta-data/tags/instance/a%20b");
        assertThat(Paths.target("/x/日本")).isEqualTo("/x/%E6%97%A5%E6%9C%AC");
        assertThat(Paths.target("/x/..y")).isEqualTo("/x/..y");
    }

    @Test
    void printable_escapesControlsAndHidesUserInfo() {
        assertThat(ConfigResolver.printable("a\nb\u0007")).isEqualTo("a\\x0ab\\x07");
        assertThat(ConfigResolver.printable("http://me:pw@host/x"))
                .isEqualTo("http://<redacted>@host/x");
        assertThat(ConfigResolver.printable("x".repeat(300))).hasSize(203);
    }

    @Test
    void printable_hidesUserInfoOfMalformedEndpoints() {
        for (String endpoint : new String[] {" http://a:hunter2@127.0.0.1:1",
            "//a:hunter2@127.0.0.1:1", "///a:hunter2@127.0.0.1:1", "//[a:hunter2@127.0.0.1",
            "a:hunter2@127.0.0.1:1", "http:a:hunter2@h", "\thttp://a:hunter2@h",
            "http://a:hun//ter2@h:1", "http://a:hun@ter2@h", "1http://a:hunter2@h",
            ":hunter2@h", "http://a:hunter2@" + "x".repeat(300), "x://y//a:hunter2@h"}) {
            assertThat(ConfigResolver.printable(endpoint)).as(endpoint)
                    .doesNotContain("hunter2").doesNotContain("hun").contains("<redacted>");
        }
        assertThat(ConfigResolver.printable(" http://a:pw@h")).isEqualTo(" http://<redacted>@h");
        assertThat(ConfigResolver.printable("profile@corp")).isEqualTo("profile@corp");
    }

    @Test
    void parseEndpoint_portBeyondInt_saysThePort_notNoHost() {
        for (String endpoint : new String[] {"http://127.0.0.1:99999999999999999999",
            "http://localhost:4294967297"}) {
            assertThatThrownBy(() -> ConfigResolver.parseEndpoint(endpoint)).as(endpoint)
                    .hasMessage("the port must be 1 to 65535");
        }
        assertThatThrownBy(() -> ConfigResolver.parseEndpoint("http://a_b:1"))
                .hasMessage("no host");
    }
}
