/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * imds4j: an IMDSv2 client for the EC2 Instance Metadata Service.
 *
 * <p>{@link dev.imds4j.ImdsClient} is the entry point. It obtains and caches the session token,
 * retries what is worth retrying, resolves its endpoint from the builder, the environment and the
 * AWS config file (see {@link dev.imds4j.ImdsClient#config()}), never falls back to IMDSv1, and
 * returns values as {@link dev.imds4j.SensitiveString}, which never prints. Failures are {@link
 * dev.imds4j.ImdsException}s whose messages name the request, the endpoint and the likely fix.
 *
 * <pre>{@code
 * try (ImdsClient imds = ImdsClient.builder()
 *         .endpoint("http://127.0.0.1:1338")          // an emulator; omit on EC2
 *         .build()) {
 *     String instanceId = imds.get("/latest/meta-data/instance-id").reveal();
 *     imds.getAsync("/latest/meta-data/placement/region")
 *             .thenAccept(region -> System.out.println(region.reveal()));
 * } catch (ImdsException e) {
 *     System.err.println(e.getMessage());   // names the cause and the fix; never a secret
 * }
 * }</pre>
 *
 * <h2>Logging</h2>
 * The client logs through {@link java.lang.System.Logger} under {@code dev.imds4j.ImdsClient}:
 * one DEBUG record per attempt (method, path, status or failure, attempt, duration) and a
 * WARNING when retries run out; never a token or a body. It does not use {@code
 * HttpURLConnection}, which logs every request header, session tokens included, at FINE under
 * {@code sun.net.www.protocol.http.HttpURLConnection}: if other code in your process uses it,
 * keep that logger above FINE.
 */
package dev.imds4j;
