/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.Charset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code imds tree} against a server that lists what IMDS never lists: names that are not path
 * segments, and a folder that lists itself. What the server caused exits 1 naming the listing
 * and the name, never 2 (a usage error) and never after a long walk. The server is scripted on a
 * raw socket: the emulator refuses to serve such listings.
 */
@Timeout(60)
final class TreeHostileServerTest {
    /** Answers each request with the body {@code answer} gives its path; one per connection. */
    private static final class Scripted implements AutoCloseable {
        final ServerSocket server;
        final List<String> paths = new CopyOnWriteArrayList<>();
        private final Thread thread;

        Scripted(Function<String, String> answer) throws IOException {
            this(answer, true);
        }

        /** Answers with the bytes of {@code answer}'s text as ISO-8859-1, or as UTF-8. */
        Scripted(Function<String, String> answer, boolean utf8) throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            thread = new Thread(() -> serve(answer, utf8 ? UTF_8 : ISO_8859_1),
                    "scripted-imds");
            thread.setDaemon(true);
            thread.start();
        }

        String endpoint() {
            return "http://127.0.0.1:" + server.getLocalPort();
        }

        private void serve(Function<String, String> answer, Charset charset) {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(
                            s.getInputStream(), ISO_8859_1));
                    String[] request = in.readLine().split(" ");
                    for (String h = in.readLine(); h != null && !h.isEmpty(); h = in.readLine()) {
                        // headers: nothing to check
                    }
                    String path = request[1];
                    paths.add(path);
                    byte[] body = (request[0].equals("PUT") ? "token"
                            : answer.apply(path)).getBytes(charset);
                    OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length
                            + "\r\nX-aws-ec2-metadata-token-ttl-seconds: 21600\r\n"
                            + "Connection: close\r\n\r\n").getBytes(ISO_8859_1));
                    out.write(body);
                    out.flush();
                } catch (IOException | RuntimeException e) {
                    // closed, or a client that went away: next
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    private Scripted server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void listedNamesThatAreNotPathSegments_exit1NamingTheListingAndTheName() throws Exception {
        String[][] listings = {{"../\nok", "'..'"}, {"./\nok", "'.'"},
            {"ok\nx%2e%2e/", "'x%2e%2e'"},
            {"ok\ne\u001b]0;pwned\u0007sc/", "'e\\x1b]0;pwned\\x07sc'"},
            {"ok\nnl\rx", "'nl\\rx'"}, {"ok\na?b", "'a?b'"}, {"ok\n a", "' a'"},
            {"ok\nb \n", "'b '"}, {"ok\n c/", "' c'"}, {"ok\nx;y", "'x;y'"},
            {"ok\nbad\ufffd", "'bad\ufffd'"}};
        for (String[] listing : listings) {
            server = new Scripted(path -> path.endsWith("/") ? listing[0] : "value");
            CliRun r = CliRun.at(server.endpoint(), CliRun.PATIENT, "tree");
            assertThat(r.code()).as(listing[0]).isEqualTo(1);
            assertThat(r.stderr()).as(listing[0]).isEqualTo("imds: the listing of "
                    + "/latest/meta-data/ from IMDS at " + server.endpoint() + " names "
                    + listing[1] + ", which is not a path segment; not following it\n");
            assertThat(server.paths).as(listing[0]).noneMatch(p -> p.contains("..")
                    || p.contains("%2e") || p.contains("pwned") || p.endsWith("/a")
                    || p.endsWith("/b") || p.contains("/c") || p.contains("%EF%BF%BD"));
            server.close();
        }
    }

    @Test
    void aListingLineThatIsASlashAlone_exit1NamingTheListing() throws Exception {
        server = new Scripted(path -> path.endsWith("/") ? "ok\n/\n" : "v");
        for (String command : new String[] {"tree", "ls"}) {
            CliRun r = CliRun.at(server.endpoint(), CliRun.PATIENT, command);
            assertThat(r.code()).as(command).isEqualTo(1);
            assertThat(r.stderr()).as(command).isEqualTo("imds: GET /latest/meta-data/ at "
                    + server.endpoint() + ": the listing holds a line '/', a folder without a "
                    + "name; IMDS lists none\n");
        }
    }

    @Test
    void aFolderListingItself_stopsAt32Levels_exit1() throws Exception {
        server = new Scripted(path -> path.endsWith("/") ? "a/\nb" : "v");
        long start = System.nanoTime();
        CliRun r = CliRun.at(server.endpoint(), CliRun.PATIENT, "tree");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.stderr()).startsWith("imds: stopped at /latest/meta-data/a/a/a/")
                .contains(", 32 folders below the start: IMDS at " + server.endpoint()
                        + " lists folders deeper than any it has (a listing that names itself?)")
                .hasLineCount(1);
        // the token, then a listing per level, depth first: 33 listings, not thousands
        assertThat(server.paths).hasSizeLessThanOrEqualTo(35);
        assertThat((System.nanoTime() - start) / 1_000_000_000).as("seconds").isLessThan(30);
    }

    @Test
    void aCredentialsFoldersListing_neverQuotedInMessages() throws Exception {
        String creds = "/latest/meta-data/iam/security-credentials/";
        server = new Scripted(path -> path.equals(creds)
                ? "ok\nToken=LEAKT SecretAccessKey=LEAKS"
                : path.endsWith("/") ? "security-credentials/" : "{}");
        CliRun r = CliRun.at(server.endpoint(), CliRun.PATIENT, "tree", "iam/");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.stderr()).doesNotContain("LEAK").contains("the listing of " + creds,
                "names a name (not shown: a credentials folder's listing may hold a secret)");
    }

    @Test
    void aListedNameElsewhere_quotedAtMost40Characters_secretFieldsRedacted() throws Exception {
        String name = "{\"Token\":\"LEAKT\"} " + "x".repeat(100);
        server = new Scripted(path -> path.endsWith("/") ? "ok\n" + name : "v");
        CliRun r = CliRun.at(server.endpoint(), CliRun.PATIENT, "tree");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.stderr()).doesNotContain("LEAK").contains(" names '{\"Token\":\"<redacted>"
                + "\"} xxxxxxxxxxxxxxxxx'... (123 characters), which is not a path segment");
    }

    @Test
    void aFolderListedBelowACredentialsFolder_readAsAValue_redactedWhole() throws Exception {
        String creds = "/latest/meta-data/iam/security-credentials/";
        server = new Scripted(path -> path.equals(creds) ? "role/"
                : path.endsWith("/") ? "LEAKSECRET" : "Token=LEAKT");
        CliRun r = CliRun.at(server.endpoint(), CliRun.PATIENT, "tree",
                "iam/security-credentials/");
        assertThat(r.code()).as(r.stderr()).isZero();
        assertThat(r.out()).isEqualTo(creds + "role = <redacted>\n");
        assertThat(server.paths).noneMatch(p -> p.contains("LEAK"));
    }

    @Test
    void namesAndValuesNotUtf8_shownAsTheirBytes_neverRequestedReplaced() throws Exception {
        String md = "/latest/meta-data/";
        server = new Scripted(path -> path.equals(md) ? "a\u00ff\nok\ntags/"
                : path.equals(md + "tags/instance/") ? "bin\nlt\nName"
                : path.endsWith("/bin") ? "\u00ff\u00fe" : path.endsWith("/lt") ? "<redacted>"
                : "web", false);
        CliRun ls = CliRun.at(server.endpoint(), CliRun.PATIENT, "ls");
        assertThat(ls.out()).as(ls.stderr()).isEqualTo("<2 bytes, not UTF-8 text: base64 Yf8=>\n"
                + "ok\ntags/\n");
        assertThat(CliRun.at(server.endpoint(), CliRun.PATIENT, "ls", "--json").out())
                .isEqualTo("[ {\n  \"base64\" : \"Yf8=\"\n}, \"ok\", \"tags/\" ]\n");
        CliRun tags = CliRun.at(server.endpoint(), CliRun.PATIENT, "tags");
        assertThat(tags.code()).as(tags.stderr()).isZero();
        assertThat(tags.out()).isEqualTo("bin=<2 bytes, not UTF-8 text: base64 //4=>\n"
                + "lt=\\x3credacted>\nName=web\n");
        assertThat(CliRun.at(server.endpoint(), CliRun.PATIENT, "tags", "--json").out())
                .contains("\"bin\" : {\n    \"base64\" : \"//4=\"\n  }",
                        "\"lt\" : \"<redacted>\"");
        CliRun tree = CliRun.at(server.endpoint(), CliRun.PATIENT, "tree");
        assertThat(tree.code()).isEqualTo(1);
        assertThat(tree.stderr()).contains("names 'a\ufffd', which is not a path segment");
        assertThat(server.paths).noneMatch(p -> p.contains("%EF%BF%BD"));
    }

    @Test
    void aTagKeyNotUtf8_exit1_notRequested() throws Exception {
        server = new Scripted(path -> path.endsWith("/tags/instance/") ? "k\u00ff" : "v", false);
        CliRun r = CliRun.at(server.endpoint(), CliRun.PATIENT, "tags");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.stderr()).contains("names 'k\ufffd', which is not a tag key");
        assertThat(server.paths).noneMatch(p -> p.contains("%EF%BF%BD"));
    }
}
