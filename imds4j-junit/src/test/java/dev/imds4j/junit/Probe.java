/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.junit;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.URI;

/** Minimal IMDSv2 reads for checking what an emulator serves, independent of the client. */
final class Probe {
    private Probe() {}

    /** GETs {@code path} with a fresh token; returns the body, or "status N" on an error. */
    static String get(URI endpoint, String path) throws IOException {
        HttpURLConnection put = open(endpoint, "/latest/api/token");
        put.setRequestMethod("PUT");
        put.setRequestProperty("X-aws-ec2-metadata-token-ttl-seconds", "60");
        String token = read(put);
        HttpURLConnection get = open(endpoint, path);
        get.setRequestProperty("X-aws-ec2-metadata-token", token);
        return read(get);
    }

    /** True when nothing listens on the endpoint's port any more. */
    static boolean refused(URI endpoint) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), 1000);
            return false;
        } catch (ConnectException e) {
            return true;
        }
    }

    private static HttpURLConnection open(URI endpoint, String path) throws IOException {
        HttpURLConnection c = (HttpURLConnection) endpoint.resolve(path).toURL()
                .openConnection(Proxy.NO_PROXY);
        c.setConnectTimeout(2000);
        c.setReadTimeout(5000);
        return c;
    }

    private static String read(HttpURLConnection c) throws IOException {
        int status = c.getResponseCode();
        if (status != 200) {
            return "status " + status;
        }
        try (InputStream in = c.getInputStream()) {
            return new String(in.readAllBytes(), UTF_8);
        }
    }
}
