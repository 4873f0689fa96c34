/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.dist;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TarballTest {
    private static final Instant TIME = Instant.parse("2026-11-25T00:00:00Z");

    @TempDir
    Path dir;

    /** One folder named imds-1 under {@code parent}; files made in the order given. */
    private static Path folder(Path parent, List<String> order, String mode) throws IOException {
        Path root = Files.createDirectories(parent.resolve("imds-1"));
        Files.createDirectories(root.resolve("bin"));
        Files.createDirectories(root.resolve("lib/legal"));
        for (String name : order) {
            Path p = root.resolve(name);
            switch (name) {
                case "bin/imds" -> {
                    Files.writeString(p, "#!/bin/sh\necho hi\n");
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
                }
                case "lib/legal/LICENSE" -> Files.createSymbolicLink(p, Path.of("../NOTICE"));
                default -> {
                    Files.writeString(p, "content of " + name);
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
                }
            }
        }
        return root;
    }

    private static Map<String, TarArchiveEntry> entries(Path tarball, Map<String, String> contents)
            throws IOException {
        Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tarball));
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                entries.put(e.getName(), e);
                if (e.isFile() && !e.isSymbolicLink()) {
                    contents.put(e.getName(), new String(tar.readAllBytes(), UTF_8));
                }
            }
        }
        return entries;
    }

    @Test
    void write_sameFolderMadeDifferently_sameBytes() throws IOException {
        List<String> order = List.of("lib/NOTICE", "lib/a.jar", "bin/imds", "lib/legal/LICENSE");
        Path one = folder(Files.createDirectories(dir.resolve("one")), order, "rw-------");
        List<String> reversed = new ArrayList<>(order);
        Collections.reverse(reversed);
        Path two = folder(Files.createDirectories(dir.resolve("two")), reversed, "rw-rw-r--");
        Files.setLastModifiedTime(two.resolve("lib/a.jar"), FileTime.from(Instant.EPOCH));

        Tarball.write(one, dir.resolve("one.tar.gz"), TIME);
        Tarball.write(two, dir.resolve("two.tar.gz"), TIME);

        assertThat(dir.resolve("two.tar.gz")).hasSameBinaryContentAs(dir.resolve("one.tar.gz"));
    }

    @Test
    void write_sortedEntriesWithFixedOwnersTimesAndModes() throws IOException {
        Path root = folder(dir, List.of("lib/a.jar", "lib/NOTICE", "bin/imds",
                "lib/legal/LICENSE"), "rw-r-----");
        Path tarball = dir.resolve("imds.tar.gz");

        Tarball.write(root, tarball, TIME);

        Map<String, String> contents = new LinkedHashMap<>();
        Map<String, TarArchiveEntry> entries = entries(tarball, contents);
        assertThat(entries.keySet()).containsExactly("imds-1/", "imds-1/bin/", "imds-1/bin/imds",
                "imds-1/lib/", "imds-1/lib/NOTICE", "imds-1/lib/a.jar", "imds-1/lib/legal/",
                "imds-1/lib/legal/LICENSE");
        for (TarArchiveEntry e : entries.values()) {
            assertThat(e.getLastModifiedDate().toInstant()).as(e.getName()).isEqualTo(TIME);
            assertThat(e.getLongUserId()).as(e.getName()).isZero();
            assertThat(e.getLongGroupId()).as(e.getName()).isZero();
            assertThat(e.getUserName()).as(e.getName()).isEmpty();
            assertThat(e.getGroupName()).as(e.getName()).isEmpty();
        }
        assertThat(entries.get("imds-1/bin/").getMode() & 07777).isEqualTo(0755);
        assertThat(entries.get("imds-1/bin/imds").getMode() & 07777).isEqualTo(0755);
        assertThat(entries.get("imds-1/lib/a.jar").getMode() & 07777).isEqualTo(0644);
        TarArchiveEntry link = entries.get("imds-1/lib/legal/LICENSE");
        assertThat(link.isSymbolicLink()).isTrue();
        assertThat(link.getLinkName()).isEqualTo("../NOTICE");
        assertThat(contents).containsExactly(Map.entry("imds-1/bin/imds", "#!/bin/sh\necho hi\n"),
                Map.entry("imds-1/lib/NOTICE", "content of lib/NOTICE"),
                Map.entry("imds-1/lib/a.jar", "content of lib/a.jar"));
    }

    @Test
    void write_longNames_survive() throws IOException {
        Path root = Files.createDirectories(dir.resolve("imds-1"));
        String deep = "a".repeat(90) + "/" + "b".repeat(90) + "/" + "c".repeat(120) + ".txt";
        Files.createDirectories(root.resolve(deep).getParent());
        Files.writeString(root.resolve(deep), "deep");
        Path tarball = dir.resolve("long.tar.gz");

        Tarball.write(root, tarball, TIME);

        Map<String, String> contents = new LinkedHashMap<>();
        entries(tarball, contents);
        assertThat(contents).containsExactly(Map.entry("imds-1/" + deep, "deep"));
    }
}
