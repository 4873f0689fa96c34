/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.benchmarks;

import java.net.URI;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.imds.Ec2MetadataClient;

/**
 * The AWS SDK for Java v2 as a whole process: {@code Ec2MetadataClient} reads one path and
 * prints it. Run by {@code startup.py} as {@code SdkV2Get apache|urlconnection ENDPOINT PATH}.
 */
public final class SdkV2Get {
    private SdkV2Get() {}

    /**
     * Makes the two requests through the SDK.
     *
     * @param args {@code apache} or {@code urlconnection}, the endpoint, the path
     */
    public static void main(String[] args) {
        SdkHttpClient http = args[0].equals("apache") ? ApacheHttpClient.create()
                : UrlConnectionHttpClient.create();
        try (Ec2MetadataClient c = Ec2MetadataClient.builder().endpoint(URI.create(args[1]))
                .httpClient(http).build()) {
            System.out.print(c.get(args[2]).asString());
        } finally {
            http.close();
        }
    }
}
