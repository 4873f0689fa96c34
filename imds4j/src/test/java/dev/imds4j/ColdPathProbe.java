/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

/**
 * A fresh JVM's first calls, for {@link ColdPathClassesIT}: with an endpoint argument, a token,
 * a value, the identity document and the role credentials; with none, nothing (the baseline of
 * what the JVM loads by itself).
 */
final class ColdPathProbe {
    private ColdPathProbe() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.out.println("baseline");
            return;
        }
        try (ImdsClient imds = ImdsClient.builder().endpoint(args[0]).build()) {
            System.out.println(imds.get("/latest/meta-data/ami-id").reveal());
            System.out.println(imds.metadata().identityDocument().region());
            // seconds: Instant.toString would itself load java.time.format
            System.out.println(ImdsCredentialsProvider.create(imds).credentials().expiration()
                    .getEpochSecond());
        }
    }
}
