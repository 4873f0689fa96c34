/**
 * An IMDSv2 emulator for tests and demos: {@link dev.imds4j.emulator.ImdsEmulator}.
 *
 * <h2>What it serves</h2>
 * A consistent default instance: an {@code m5.large} ({@code i-0b22a22eec53b9321}) in {@code
 * eu-west-1a}, account {@code 123456789012}, with {@code ami-id}, host names and addresses, {@code
 * placement/*}, {@code block-device-mapping/*}, one network interface under {@code
 * network/interfaces/macs/}, a public key, tags {@code Name} and {@code Environment}, {@code
 * autoscaling/target-lifecycle-state} ({@code InService}), an empty {@code
 * events/maintenance/scheduled}, user data, the IAM role {@code imds4j-demo-role} under {@code
 * iam/security-credentials/} and {@code iam/security-credentials-extended/}, and the instance
 * identity document under {@code /latest/dynamic/instance-identity/}. The document is built when
 * served from the current {@code instance-id}, {@code instance-type}, {@code ami-id}, {@code
 * placement/*} and {@code local-ipv4}, so it agrees with overrides. Role credentials rotate every
 * hour of the emulator's clock and expire six hours after issue, so they always lie in its future.
 * The {@code signature}, {@code pkcs7} and {@code rsa2048} documents have realistic sizes but
 * cannot be verified: only AWS holds the keys. Dated versions such as {@code /2021-03-23/} serve
 * the same tree as {@code /latest/}.
 *
 * <h2>Configuration file</h2>
 * {@link dev.imds4j.emulator.ImdsEmulator.Builder#config(java.nio.file.Path)} and the standalone
 * {@code --config} take a JSON object; every key is optional and unknown keys are errors. Relative
 * times count from when the file is applied (start, and every reset).
 * <pre>{@code
 * {
 *   "httpTokens": "required",                 // or "optional" (IMDSv1 allowed)
 *   "httpEndpoint": "enabled",                // "disabled": 403 to everything
 *   "instanceMetadataTags": "enabled",        // "disabled": no meta-data/tags/
 *   "extendedCredentials": "enabled",         // "disabled": no security-credentials-extended/
 *   "maxTokenTtlSeconds": 21600,
 *   "throttlePerSecond": 0,
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
 *              {"type": "tokenPutDrop"},
 *              {"type": "latency", "millis": 200, "times": "always"}]
 * }
 * }</pre>
 * Fault types are {@code status}, {@code latency}, {@code closeConnection}, {@code truncateBody},
 * {@code stall} and {@code tokenPutDrop}; {@code times} is a count (default 1) or {@code "always"};
 * {@code probability} (above 0, at most 1) applies the fault to that fraction of matching
 * requests.
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
