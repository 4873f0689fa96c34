/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imds4j.emulator.ImdsEmulator;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link InstanceMetadata#list(String)} reads listings as real IMDS writes them, so that a walk
 * from any folder reaches every value, whatever slashes the top levels carry.
 */
@Timeout(60)
final class MetadataListingTest {
    private static List<MetadataEntry> parse(String path, String listing) {
        try {
            return InstanceMetadata.entries(path, URI.create("http://127.0.0.1:1"),
                    listing.getBytes(UTF_8));
        } catch (ImdsResponseException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void entries_namesExactly_crlfEndsAndEmptyLinesAside() {
        assertThat(parse("/latest/meta-data/", " a\nb \r\n\n c/\r\nd\r"))
                .containsExactly(value(" a"), value("b "), folder(" c"), value("d"));
    }

    @Test
    void entries_aSlashAlone_malformedNamingTheListing() {
        assertThatThrownBy(() -> InstanceMetadata.entries("/latest/meta-data/x/",
                URI.create("http://127.0.0.1:1"), "a\n/\nb".getBytes(UTF_8)))
                .isInstanceOf(ImdsResponseException.class)
                .hasMessage("GET /latest/meta-data/x/ at http://127.0.0.1:1: the listing holds "
                        + "a line '/', a folder without a name; IMDS lists none");
    }

    private static MetadataEntry folder(String name) {
        return new MetadataEntry(name, true);
    }

    private static MetadataEntry value(String name) {
        return new MetadataEntry(name, false);
    }

    @Test
    void entries_versionsListing_allFolders() {
        assertThat(parse("/", "1.0\n2007-01-19\n2021-07-15\nlatest"))
                .containsExactly(folder("1.0"), folder("2007-01-19"), folder("2021-07-15"),
                        folder("latest"));
    }

    @Test
    void entries_versionRoot_bareFoldersAndUserDataValue() {
        for (String version : new String[] {"/latest/", "/1.0/", "/2021-03-23/"}) {
            assertThat(parse(version, "dynamic\nmeta-data\nuser-data")).as(version)
                    .containsExactly(folder("dynamic"), folder("meta-data"), value("user-data"));
        }
        assertThat(parse("/latest/", "dynamic/\nmeta-data/\nuser-data"))
                .as("an emulator that slashes them")
                .containsExactly(folder("dynamic"), folder("meta-data"), value("user-data"));
        assertThat(parse("/latest/", "meta-data")).containsExactly(folder("meta-data"));
    }

    @Test
    void entries_deeperFolders_onlySlashedNamesAreFolders() {
        assertThat(parse("/latest/meta-data/", "ami-id\nplacement/\nuser-data\n"))
                .containsExactly(value("ami-id"), folder("placement"), value("user-data"));
        assertThat(parse("/latest/dynamic/instance-identity/", "rsa2048\npkcs7\ndocument"))
                .containsExactly(value("rsa2048"), value("pkcs7"), value("document"));
        assertThat(parse("/latest/meta-data/public-keys/", "0=my-key\n1=other"))
                .containsExactly(folder("0"), folder("1"));
        assertThat(parse("/latest/meta-data/tags/instance/", "a=b"))
                .containsExactly(value("a=b"));
    }

    @Test
    void list_walksTheWholeTreeFromLatest_againstTheEmulator() throws IOException {
        try (ImdsEmulator emulator = ImdsEmulator.start();
                ImdsClient client = Patient.client(emulator.endpoint()).build()) {
            InstanceMetadata md = client.metadata();
            assertThat(md.list("/latest/")).containsExactly(folder("dynamic"),
                    folder("meta-data"), value("user-data"));

            List<String> values = new ArrayList<>();
            Deque<String> folders = new ArrayDeque<>(List.of("/latest/"));
            while (!folders.isEmpty()) {
                String dir = folders.pop();
                for (MetadataEntry e : md.list(dir)) {
                    if (e.folder()) {
                        folders.push(dir + e.name() + "/");
                    } else {
                        values.add(dir + e.name());
                        assertThat(client.getBytes(dir + e.name())).as(dir + e.name())
                                .isNotEmpty();
                    }
                }
            }
            assertThat(values).hasSizeGreaterThan(60).contains("/latest/user-data",
                    "/latest/dynamic/fws/instance-monitoring",
                    "/latest/dynamic/instance-identity/document",
                    "/latest/meta-data/placement/region",
                    "/latest/meta-data/public-keys/0/openssh-key");
        }
    }
}
