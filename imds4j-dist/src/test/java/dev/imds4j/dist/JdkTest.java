/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class JdkTest {
    @TempDir
    Path dir;

    private Path fakeJdk(String name, String release, boolean jlink) throws IOException {
        return fakeJdk(dir, name, release, jlink);
    }

    private static Path fakeJdk(Path parent, String name, String release, boolean jlink)
            throws IOException {
        Path home = Files.createDirectories(parent.resolve(name));
        Files.writeString(home.resolve("release"), release);
        Path bin = Files.createDirectories(home.resolve("bin"));
        if (jlink) {
            Path tool = Files.writeString(bin.resolve("jlink"), "#!/bin/sh\n");
            Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return home;
    }

    @Test
    void at_readsVersionAndImplementor() throws IOException {
        Path home = fakeJdk("temurin-25", "IMPLEMENTOR=\"Eclipse Adoptium\"\n"
                + "JAVA_VERSION=\"25.0.3\"\nMODULES=\"java.base\"\n", true);
        Jdk jdk = Jdk.at(home).orElseThrow();
        assertThat(jdk.version()).isEqualTo(Runtime.Version.parse("25.0.3"));
        assertThat(jdk.implementor()).isEqualTo("Eclipse Adoptium");
        assertThat(jdk.home()).isEqualTo(home.toRealPath());
        assertThat(jdk.describe()).isEqualTo("Eclipse Adoptium 25.0.3 (" + home.toRealPath() + ")");
        assertThat(jdk.tool("jlink")).isEqualTo(home.toRealPath().resolve("bin/jlink"));
    }

    @Test
    void at_withoutImplementor_saysJdk() throws IOException {
        Jdk jdk = Jdk.at(fakeJdk("j", "JAVA_VERSION=\"17.0.15\"\n", true)).orElseThrow();
        assertThat(jdk.implementor()).isEmpty();
        assertThat(jdk.describe()).startsWith("JDK 17.0.15 (");
    }

    @Test
    void at_unusable_isEmpty() throws IOException {
        assertThat(Jdk.at(fakeJdk("nojlink", "JAVA_VERSION=\"25\"\n", false))).isEmpty();
        assertThat(Jdk.at(fakeJdk("java8", "JAVA_VERSION=\"1.8.0_402\"\n", true))).isEmpty();
        assertThat(Jdk.at(fakeJdk("java11", "JAVA_VERSION=\"11.0.24\"\n", true))).isEmpty();
        assertThat(Jdk.at(fakeJdk("noversion", "IMPLEMENTOR=\"x\"\n", true))).isEmpty();
        assertThat(Jdk.at(fakeJdk("garbage", "JAVA_VERSION=\"not a version\"\n", true))).isEmpty();
        assertThat(Jdk.at(dir.resolve("missing"))).isEmpty();
    }

    @Test
    void discover_newestFirst_oncePerRealPath() throws IOException {
        Path parent = Files.createDirectories(dir.resolve("jvm"));
        Path jdk17 = fakeJdk(parent, "java-17", "JAVA_VERSION=\"17.0.15\"\n", true);
        fakeJdk(parent, "jdk-21", "JAVA_VERSION=\"21.0.9\"\n", true);
        fakeJdk(parent, "temurin-25", "JAVA_VERSION=\"25.0.3\"\n", true);
        fakeJdk(parent, "jre-25", "JAVA_VERSION=\"25.0.4\"\n", false);
        Files.createSymbolicLink(parent.resolve("java-1.17.0"), jdk17);
        Files.writeString(parent.resolve("notes.txt"), "not a JDK");

        List<Jdk> found = Jdk.discover(List.of(jdk17), List.of(parent, dir.resolve("absent")));

        assertThat(found).extracting(j -> j.version().toString())
                .containsExactly("25.0.3", "21.0.9", "17.0.15");
    }

    @Test
    void archiveKindAndEcModule_followTheVersion() throws IOException {
        Jdk jdk17 = Jdk.at(fakeJdk("a", "JAVA_VERSION=\"17.0.15\"\n", true)).orElseThrow();
        Jdk jdk21 = Jdk.at(fakeJdk("b", "JAVA_VERSION=\"21.0.9\"\n", true)).orElseThrow();
        Jdk jdk22 = Jdk.at(fakeJdk("c", "JAVA_VERSION=\"22\"\n", true)).orElseThrow();
        Jdk jdk25 = Jdk.at(fakeJdk("d", "JAVA_VERSION=\"25.0.3\"\n", true)).orElseThrow();
        assertThat(List.of(jdk17, jdk21, jdk22, jdk25)).extracting(Jdk::aotCache)
                .containsExactly(false, false, false, true);
        assertThat(List.of(jdk17, jdk21, jdk22, jdk25)).extracting(Jdk::separateEcModule)
                .containsExactly(true, true, false, false);
        assertThat(Distribution.Archive.of(jdk17)).isEqualTo(Distribution.Archive.APPCDS);
        assertThat(Distribution.Archive.of(jdk25)).isEqualTo(Distribution.Archive.AOT_CACHE);
    }
}
