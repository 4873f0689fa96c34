/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The build step that makes the self-contained distribution of the {@code imds} command: a
 * {@code jlink} runtime, the command's jar and an archive of its classes made by a training run
 * against the bundled emulator on 127.0.0.1, packed as {@code imds-VERSION-linux-x64.tar.gz}.
 * Not published; {@code mvn package} runs it.
 *
 * <pre>{@code
 * mvn -q -DskipTests package                                          # newest JDK found
 * mvn -q -DskipTests package -Dimds.dist.jdk=/usr/lib/jvm/java-17-openjdk-amd64
 * tar -xzf imds4j-dist/target/imds-*-linux-x64.tar.gz -C /opt && /opt/imds-*&#47;bin/imds --help
 * }</pre>
 */
package dev.imds4j.dist;
