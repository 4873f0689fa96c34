/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imds4j.emulator.ImdsEmulator;
import java.io.ByteArrayOutputStream;
import java.io.Serializable;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

final class ValuesTest {
    @Test
    void sensitiveString_redactedAndNotACharSequence() {
        SensitiveString s = new SensitiveString("AKIDEXAMPLE-secret");

        assertThat(s).hasToString("<redacted>");
        assertThat(String.valueOf(s)).doesNotContain("secret");
        assertThat(s.reveal()).isEqualTo("AKIDEXAMPLE-secret");
        assertThat(s).isEqualTo(new SensitiveString("AKIDEXAMPLE-secret"))
                .isNotEqualTo(new SensitiveString("other")).hasSameHashCodeAs(
                        new SensitiveString("AKIDEXAMPLE-secret"));
        assertThat(CharSequence.class.isAssignableFrom(SensitiveString.class)).isFalse();
        assertThat(Serializable.class.isAssignableFrom(SensitiveString.class)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void getBytes_exactBytes_getRefusesNonUtf8(Mode mode) throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write("#!/bin/sh\necho hi\n".getBytes(UTF_8));
        }
        byte[] data = gz.toByteArray();
        try (ImdsEmulator emulator = ImdsEmulator.start();
                ImdsClient imds = Patient.client(emulator.endpoint()).build()) {
            emulator.put("/latest/user-data", data);

            assertThat(mode.getBytes(imds, "/latest/user-data")).isEqualTo(data);
            assertThatThrownBy(() -> mode.get(imds, "/latest/user-data"))
                    .isInstanceOf(ImdsResponseException.class)
                    .hasMessageContaining("not UTF-8 text (" + data.length + " bytes)")
                    .hasMessageContaining("getBytes");
        }
    }

    @Test
    void endpointMode_parseAnyCase() {
        assertThat(EndpointMode.parse("ipv4")).isEqualTo(EndpointMode.IPV4);
        assertThat(EndpointMode.parse(" IPv6 ")).isEqualTo(EndpointMode.IPV6);
        assertThatThrownBy(() -> EndpointMode.parse("IPv7")).hasMessageContaining("'IPv7'");
    }
}
