/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * An IMDSv2 emulator for tests and demos: {@link dev.imds4j.emulator.ImdsEmulator}.
 *
 * <h2>What it serves</h2>
 * A consistent default instance: an on-demand {@code m5.large} ({@code i-0b22a22eec53b9321}) in
 * a VPC in {@code eu-west-1a}, account {@code 123456789012}, launched from an EBS-backed HVM AMI.
 * It serves every category of AWS's "Instance metadata categories" and "Dynamic data categories"
 * tables that such an instance has: {@code ami-id}, host names and addresses, {@code
 * placement/*}, {@code block-device-mapping/*}, one network interface under {@code
 * network/interfaces/macs/} (with {@code network-card-index}), a public key, {@code
 * metrics/vhostmd}, {@code services/*}, the IAM role {@code imds4j-demo-role} under {@code
 * iam/security-credentials/} and {@code iam/security-credentials-extended/}, {@code
 * identity-credentials/ec2/*}, empty {@code events/maintenance/scheduled} and {@code history},
 * user data, and under {@code /latest/dynamic/} {@code fws/instance-monitoring} ({@code
 * disabled}) and {@code instance-identity/} ({@code document}, {@code pkcs7}, {@code signature},
 * {@code rsa2048}, {@code dsa2048}). Two departures from a fresh instance, because they are what
 * tests most often need: instance tags ({@code Name}, {@code Environment}) are on (real instances
 * need {@code InstanceMetadataTags=enabled}; {@code instanceMetadataTags(false)} gives the real
 * default), and {@code autoscaling/target-lifecycle-state} is {@code InService} (as in an auto
 * scaling group).
 *
 * <p>What only some instances have is one {@link dev.imds4j.emulator.InstanceFeature} away: IPv6
 * addresses and CIDR blocks, a placement group ({@code group-name}, {@code partition-number}), a
 * Dedicated Host ({@code host-id}), Marketplace {@code product-codes}, {@code kernel-id} and
 * {@code ramdisk-id}, instance store and swap devices, Elastic GPU and Elastic Inference
 * associations, {@code ancestor-ami-ids}, prefix delegation, detailed monitoring. Spot notices,
 * rebalance recommendations, maintenance events and auto scaling states are scenarios on the
 * emulator's clock.
 *
 * <p>The identity document is built when served from the current {@code instance-id}, {@code
 * instance-type}, {@code ami-id}, {@code placement/*}, {@code local-ipv4}, {@code kernel-id},
 * {@code ramdisk-id} and {@code product-codes}, so it agrees with overrides. Role credentials
 * rotate every hour of the emulator's clock and expire six hours after issue, so they always lie
 * in its future. The signatures have realistic sizes but cannot be verified: only AWS holds the
 * keys.
 *
 * <h2>As IMDS answers</h2>
 * <ul>
 *   <li>{@code GET /} lists the dated versions and {@code latest}; {@code /latest/} lists {@code
 *       dynamic}, {@code meta-data} and {@code user-data}, without trailing slashes although the
 *       first two are folders. Other folders list sub-folders with a trailing {@code /}.</li>
 *   <li>A leaf asked for with a trailing slash ({@code placement/availability-zone/}, {@code
 *       user-data/}) is served like the leaf, as botocore and the Java SDK's {@code
 *       EC2MetadataUtils} expect.</li>
 *   <li>A dated version serves the tree as it was: each category from the version the AWS table
 *       gives it ({@code /2009-04-04/meta-data/placement/region} is 404, {@code
 *       /2021-01-03/...} serves it). A documented date that is not a listed version counts from
 *       the next listed one. Paths the tables do not name are served under {@code latest}
 *       only.</li>
 *   <li>HEAD answers like GET without the body, with the {@code Content-Length} GET would have.
 *       Other methods on metadata get 405 with {@code Allow: GET, HEAD} (a token path: {@code
 *       Allow: PUT}), as HTTP requires.</li>
 *   <li>Errors carry IMDS's HTML page titled with the status; a 400 is {@code 400 - Missing or
 *       Invalid Parameters}, the words of AWS's guide for an invalid token request.</li>
 *   <li>The token TTL must be decimal digits from 1 to 21600; leading zeros count ({@code 060}
 *       is 60 s, echoed as {@code 60}). AWS documents only the integer range, and its own mock
 *       reads the header as a decimal integer; a sign, a fraction, an exponent, a space or a
 *       control character is 400, as an unknown token (one with any byte added) is 401.</li>
 * </ul>
 *
 * <p>What it cannot emulate: {@code jdk.httpserver}'s request parser removes every byte up to
 * 0x20 (control characters and space) at both ends of a header value before any handler sees
 * it ({@code sun.net.httpserver.Request.headers()}, JDK 17 to 25), and offers no raw header.
 * A token or TTL with such a byte at its start or end ({@code TOKEN\x1b}, {@code 60\x00},
 * {@code \x0160\x1f}) is therefore read without it and accepted, where IMDS answers 401 or 400.
 * Inside a value such bytes reach the emulator, which refuses them; it trims nothing itself. A
 * client's behaviour with such values is for a scripted raw-socket server to test.
 *
 * <h2>Throttling</h2>
 * Real IMDS throttles per instance and limits simultaneous connections, and drops the packets it
 * throttles: a client sees late answers and timeouts, never 429. {@link
 * dev.imds4j.emulator.Throttling} offers that ({@code stall}: requests beyond the rate or the
 * concurrency limit are held unanswered until admitted), a harsher {@code drop} (the connection
 * is closed with no answer) and {@code 429} (what HTTP rate limiters do; not real IMDS), sent with
 * {@code Retry-After: 1} so that clients can test their handling of it, and without a reason
 * phrase in the status line, which the JDK's HTTP server cannot write for 429.
 *
 * <h2>Configuration file</h2>
 * {@link dev.imds4j.emulator.ImdsEmulator.Builder#config(java.nio.file.Path)} and the standalone
 * {@code --config} take a JSON object in UTF-8 (a byte order mark at the start is skipped, as RFC
 * 8259 allows), with {@code //} and {@code /* *}{@code /} comments allowed and at most 64 levels
 * of nesting; every key is optional and unknown keys are errors. Every error names the file, and
 * the line and key where there is one, in the emulator's own words with control characters
 * escaped: a byte that is not UTF-8 (line and column), a directory, a file that is not a regular
 * one (a FIFO or a device, refused before it is read) or is larger than 16 MiB, a string with an
 * unpaired surrogate ({@code "\}{@code ud800"}: no UTF-8 can carry it, and IMDS serves bytes), a
 * number given as a string, a value where the instance has a folder, a {@code metadata} key
 * under {@code /latest/api/} (IMDS's token path, which it never lists). Relative times count
 * from when the file is applied (start, and every reset).
 * <pre>{@code
 * {
 *   "httpTokens": "required",                 // or "optional" (IMDSv1 allowed)
 *   "httpEndpoint": "enabled",                // "disabled": 403 to everything
 *   "instanceMetadataTags": "enabled",        // "disabled": no meta-data/tags/
 *   "extendedCredentials": "enabled",         // "disabled": no security-credentials-extended/
 *   "maxTokenTtlSeconds": 21600,
 *   "features": ["ipv6", "placementGroup"],   // see InstanceFeature.configName()
 *   "throttle": {"mode": "stall", "perSecond": 50, "maxConcurrent": 8},  // or "drop", "429"
 *   "metadata": {
 *     "/latest/meta-data/instance-type": "c7g.large",
 *     "/latest/user-data": {"base64": "H4sIAAAAAAAA/8tIzcnJBwCGphA2BQAAAA=="},
 *     "/latest/meta-data/tags/instance/Environment": null    // null removes
 *   },
 *   "spotInterruption": {"action": "terminate", "noticeAfter": "2m", "actionAfter": "4m"},
 *   "rebalanceRecommendation": {"noticeAfter": "1m"},
 *   "maintenanceEvents": [{"code": "system-reboot", "notBefore": "2026-12-01T09:00:00Z",
 *                          "notAfter": "2026-12-01T11:00:00Z", "publishAfter": "0s"}],
 *   "targetLifecycleStates": [{"state": "Terminated", "after": "5m"}],
 *   "faults": [{"status": 503, "method": "GET", "path": "/latest/meta-data/*", "times": 2},
 *              {"type": "tokenPutDrop", "times": 1},     // the first token PUT: no answer
 *              {"type": "latency", "millis": 200, "times": "always"}]
 * }
 * }</pre>
 * Fault types are {@code status}, {@code latency}, {@code closeConnection}, {@code truncateBody},
 * {@code stall} and {@code tokenPutDrop}; {@code times} is a count or {@code "always"}, by default
 * 1, except for {@code tokenPutDrop}, which stands for a hop limit and so applies always unless
 * given a count; {@code probability} (above 0, at most 1) applies the fault to that fraction of
 * matching requests. Throttle modes are {@code stall} (the default), {@code drop} and {@code
 * 429}; {@code perSecond} and {@code maxConcurrent} default to 0, no limit.
 *
 * <h2>Example</h2>
 * <pre>{@code
 * ManualClock clock = ManualClock.startingAt(Instant.now());
 * try (ImdsEmulator imds = ImdsEmulator.builder().clock(clock).start()) {
 *     imds.scheduleSpotInterruption(SpotAction.STOP, clock.instant().plusSeconds(60),
 *             clock.instant().plusSeconds(180));
 *     imds.addFault(Fault.status(500).onMethod("GET").times(1));
 *     // run the client under test against imds.endpoint(); clock.advance(...) moves time
 * }
 * }</pre>
 */
package dev.imds4j.emulator;
