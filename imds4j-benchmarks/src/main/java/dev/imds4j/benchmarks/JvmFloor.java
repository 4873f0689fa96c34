/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;

/**
 * The whole-process floor: a minimal Java program that makes the token PUT and one GET with
 * {@code HttpURLConnection}, and prints the value. Run by {@code startup.py}.
 */
public final class JvmFloor {
    private JvmFloor() {}

    /**
     * Makes the two requests.
     *
     * @param args the endpoint and the path
     */
    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        HttpURLConnection put = (HttpURLConnection) endpoint.resolve("/latest/api/token").toURL()
                .openConnection(Proxy.NO_PROXY);
        put.setRequestMethod("PUT");
        put.setRequestProperty("X-aws-ec2-metadata-token-ttl-seconds", "21600");
        String token;
        try (InputStream in = put.getInputStream()) {
            token = new String(in.readAllBytes(), UTF_8);
        }
        HttpURLConnection get = (HttpURLConnection) endpoint.resolve(args[1]).toURL()
                .openConnection(Proxy.NO_PROXY);
        get.setRequestProperty("X-aws-ec2-metadata-token", token);
        try (InputStream in = get.getInputStream()) {
            System.out.print(new String(in.readAllBytes(), UTF_8));
        }
    }
}
