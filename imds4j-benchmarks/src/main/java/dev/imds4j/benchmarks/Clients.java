/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.imds4j.ImdsClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.net.URL;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.imds.Ec2MetadataClient;

/**
 * The clients compared, each behind one interface: imds4j, the AWS SDK for Java v2 {@code
 * Ec2MetadataClient} with its Apache and URL-connection HTTP clients, and the floor: a bare
 * {@code HttpURLConnection} GET with a token fetched once.
 */
final class Clients {
    static final String PATH = "/latest/meta-data/ami-id";

    /** A client reduced to what is measured. */
    interface Getter extends AutoCloseable {
        Object get() throws Exception;

        @Override
        void close();
    }

    private Clients() {}

    static Getter create(String name, URI endpoint) throws IOException {
        switch (name) {
            case "imds4j": {
                ImdsClient c = ImdsClient.builder().endpoint(endpoint).build();
                return new Getter() {
                    @Override
                    public Object get() throws Exception {
                        return c.get(PATH);
                    }

                    @Override
                    public void close() {
                        c.close();
                    }
                };
            }
            case "sdk-apache":
                return sdk(Ec2MetadataClient.builder().endpoint(endpoint)
                        .httpClient(ApacheHttpClient.builder()).build());
            case "sdk-urlconnection":
                return sdk(Ec2MetadataClient.builder().endpoint(endpoint)
                        .httpClient(UrlConnectionHttpClient.builder()).build());
            case "floor":
                return floor(endpoint);
            default:
                throw new IllegalArgumentException("unknown client: " + name);
        }
    }

    private static Getter sdk(Ec2MetadataClient c) {
        return new Getter() {
            @Override
            public Object get() {
                return c.get(PATH);
            }

            @Override
            public void close() {
                c.close();
            }
        };
    }

    /** The floor: the least a JVM must do, with the token fetched once at set-up. */
    private static Getter floor(URI endpoint) throws IOException {
        URL url = endpoint.resolve(PATH).toURL();
        String token = token(endpoint);
        return new Getter() {
            @Override
            public Object get() throws IOException {
                HttpURLConnection c = (HttpURLConnection) url.openConnection(Proxy.NO_PROXY);
                c.setRequestProperty("X-aws-ec2-metadata-token", token);
                try (InputStream in = c.getInputStream()) {
                    return new String(in.readAllBytes(), UTF_8);
                }
            }

            @Override
            public void close() {
            }
        };
    }

    static String token(URI endpoint) throws IOException {
        HttpURLConnection put = (HttpURLConnection) endpoint.resolve("/latest/api/token").toURL()
                .openConnection(Proxy.NO_PROXY);
        put.setRequestMethod("PUT");
        put.setRequestProperty("X-aws-ec2-metadata-token-ttl-seconds", "21600");
        try (InputStream in = put.getInputStream()) {
            return new String(in.readAllBytes(), UTF_8);
        }
    }
}
