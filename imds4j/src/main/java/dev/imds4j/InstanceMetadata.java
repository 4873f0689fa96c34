/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Typed answers from IMDS: the identity document, region and zone, instance profile, tags, user
 * data, and the notices a workload must react to (spot interruption, rebalance recommendation,
 * scheduled maintenance, auto scaling lifecycle). Obtained from {@link ImdsClient#metadata()};
 * every call goes through that client (its token, retries and timeouts) and has an async twin
 * that fails with the same exception.
 *
 * <p>What may legitimately be absent comes back empty rather than failing on 404: no spot notice,
 * no user data, no tags when tag access is off. JSON documents are read with Jackson; unknown
 * fields are ignored, and a malformed one fails with an {@link ImdsResponseException} naming the
 * path and never quoting the body. Thread-safe.
 *
 * <pre>{@code
 * InstanceMetadata md = imds.metadata();
 * String region = md.region();
 * md.spotInstanceAction().ifPresent(a -> drain(a.time()));
 * }</pre>
 */
public final class InstanceMetadata {
    static final String MD = "/latest/meta-data/";
    static final String IDENTITY = "/latest/dynamic/instance-identity/";

    private final ImdsClient client;

    InstanceMetadata(ImdsClient client) {
        this.client = client;
    }

    /** Turns a body from {@code path} into a value. */
    private interface Parser<T> {
        T parse(String path, byte[] body) throws ImdsException;
    }

    private <T> T read(String path, Parser<T> parser) throws ImdsException {
        return parser.parse(path, client.getBytes(path));
    }

    /** Reads a value that may be absent: 404 gives {@code empty}. */
    private <T> T readOr(String path, Parser<T> parser, T empty) throws ImdsException {
        byte[] body;
        try {
            body = client.getBytes(path);
        } catch (ImdsStatusException e) {
            if (e.status() == 404) {
                return empty;
            }
            throw e;
        }
        return parser.parse(path, body);
    }

    private <T> CompletableFuture<T> readAsync(String path, Parser<T> parser) {
        return client.getBytesAsync(path).thenApply(body -> parseOrThrow(parser, path, body));
    }

    private <T> CompletableFuture<T> readOrAsync(String path, Parser<T> parser, T empty) {
        return client.getBytesAsync(path).handle((body, error) -> {
            if (error != null) {
                Throwable cause = Refresh.unwrap(error);
                if (cause instanceof ImdsStatusException s && s.status() == 404) {
                    return empty;
                }
                throw error instanceof CompletionException c ? c : new CompletionException(cause);
            }
            return parseOrThrow(parser, path, body);
        });
    }

    private static <T> T parseOrThrow(Parser<T> parser, String path, byte[] body) {
        try {
            return parser.parse(path, body);
        } catch (ImdsException e) {
            throw new CompletionException(e);
        }
    }

    static String text(String path, byte[] body) {
        return new String(body, UTF_8).trim();
    }

    // ---- identity -----------------------------------------------------------------------------

    /**
     * Reads the instance identity document.
     *
     * @return every field of the document
     * @throws ImdsException if IMDS fails, or the document is malformed or lacks a core field
     */
    public InstanceIdentity identityDocument() throws ImdsException {
        return read(IDENTITY + "document", this::identity);
    }

    /**
     * Reads the instance identity document without blocking; see {@link #identityDocument()}.
     *
     * @return a future of the document
     */
    public CompletableFuture<InstanceIdentity> identityDocumentAsync() {
        return readAsync(IDENTITY + "document", this::identity);
    }

    private InstanceIdentity identity(String path, byte[] body) throws ImdsException {
        JsonDocument d = JsonDocument.object(path, client.endpoint(), body, false);
        return new InstanceIdentity(d.string("accountId", true), d.string("architecture", false),
                d.string("availabilityZone", true), d.strings("billingProducts"),
                d.strings("devpayProductCodes"), d.strings("marketplaceProductCodes"),
                d.string("imageId", true), d.string("instanceId", true),
                d.string("instanceType", true), d.string("kernelId", false),
                d.instant("pendingTime", true), d.string("privateIp", false),
                d.string("ramdiskId", false), d.string("region", true), d.string("version", false));
    }

    /**
     * Reads the identity document's signature ({@code instance-identity/signature}), as served.
     *
     * @return base64 text
     * @throws ImdsException if IMDS fails
     */
    public String identitySignature() throws ImdsException {
        return read(IDENTITY + "signature", InstanceMetadata::text);
    }

    /**
     * Reads the identity document's signature without blocking; see {@link #identitySignature()}.
     *
     * @return a future of the base64 text
     */
    public CompletableFuture<String> identitySignatureAsync() {
        return readAsync(IDENTITY + "signature", InstanceMetadata::text);
    }

    /**
     * Reads the identity document's PKCS #7 signature ({@code instance-identity/pkcs7}).
     *
     * @return base64 text, without PEM armour, as served
     * @throws ImdsException if IMDS fails
     */
    public String identityPkcs7() throws ImdsException {
        return read(IDENTITY + "pkcs7", InstanceMetadata::text);
    }

    /**
     * Reads the PKCS #7 signature without blocking; see {@link #identityPkcs7()}.
     *
     * @return a future of the base64 text
     */
    public CompletableFuture<String> identityPkcs7Async() {
        return readAsync(IDENTITY + "pkcs7", InstanceMetadata::text);
    }

    /**
     * Reads the identity document's RSA-2048 PKCS #7 signature ({@code instance-identity/rsa2048}).
     *
     * @return base64 text, as served
     * @throws ImdsException if IMDS fails
     */
    public String identityRsa2048() throws ImdsException {
        return read(IDENTITY + "rsa2048", InstanceMetadata::text);
    }

    /**
     * Reads the RSA-2048 signature without blocking; see {@link #identityRsa2048()}.
     *
     * @return a future of the base64 text
     */
    public CompletableFuture<String> identityRsa2048Async() {
        return readAsync(IDENTITY + "rsa2048", InstanceMetadata::text);
    }

    // ---- placement and instance ---------------------------------------------------------------

    /**
     * Reads the region from {@code placement/region}, never by trimming the zone's last letter
     * (which breaks Local and Wavelength Zones).
     *
     * @return such as {@code eu-west-1}
     * @throws ImdsException if IMDS fails
     */
    public String region() throws ImdsException {
        return read(MD + "placement/region", InstanceMetadata::text);
    }

    /**
     * Reads the region without blocking; see {@link #region()}.
     *
     * @return a future of the region
     */
    public CompletableFuture<String> regionAsync() {
        return readAsync(MD + "placement/region", InstanceMetadata::text);
    }

    /**
     * Reads {@code placement/availability-zone}.
     *
     * @return such as {@code eu-west-1a} or {@code us-west-2-lax-1a}
     * @throws ImdsException if IMDS fails
     */
    public String availabilityZone() throws ImdsException {
        return read(MD + "placement/availability-zone", InstanceMetadata::text);
    }

    /**
     * Reads the availability zone without blocking; see {@link #availabilityZone()}.
     *
     * @return a future of the zone
     */
    public CompletableFuture<String> availabilityZoneAsync() {
        return readAsync(MD + "placement/availability-zone", InstanceMetadata::text);
    }

    /**
     * Reads {@code instance-id}.
     *
     * @return such as {@code i-0b22a22eec53b9321}
     * @throws ImdsException if IMDS fails
     */
    public String instanceId() throws ImdsException {
        return read(MD + "instance-id", InstanceMetadata::text);
    }

    /**
     * Reads the instance id without blocking; see {@link #instanceId()}.
     *
     * @return a future of the id
     */
    public CompletableFuture<String> instanceIdAsync() {
        return readAsync(MD + "instance-id", InstanceMetadata::text);
    }

    /**
     * Reads {@code instance-type}.
     *
     * @return such as {@code m5.large}
     * @throws ImdsException if IMDS fails
     */
    public String instanceType() throws ImdsException {
        return read(MD + "instance-type", InstanceMetadata::text);
    }

    /**
     * Reads the instance type without blocking; see {@link #instanceType()}.
     *
     * @return a future of the type
     */
    public CompletableFuture<String> instanceTypeAsync() {
        return readAsync(MD + "instance-type", InstanceMetadata::text);
    }

    /**
     * Reads the instance profile, {@code iam/info}.
     *
     * @return the profile, or empty when the instance has none (404)
     * @throws ImdsException if IMDS fails or the document is malformed
     */
    public Optional<IamInfo> iamInfo() throws ImdsException {
        return readOr(MD + "iam/info", this::iam, Optional.empty());
    }

    /**
     * Reads the instance profile without blocking; see {@link #iamInfo()}.
     *
     * @return a future of the profile, empty when there is none
     */
    public CompletableFuture<Optional<IamInfo>> iamInfoAsync() {
        return readOrAsync(MD + "iam/info", this::iam, Optional.empty());
    }

    private Optional<IamInfo> iam(String path, byte[] body) throws ImdsException {
        JsonDocument d = JsonDocument.object(path, client.endpoint(), body, true);
        return Optional.of(new IamInfo(d.string("Code", true), d.instant("LastUpdated", true),
                d.string("InstanceProfileArn", true), d.string("InstanceProfileId", true)));
    }

    // ---- tags and user data -------------------------------------------------------------------

    /**
     * Reads every instance tag, {@code tags/instance/*}: one request for the list, then one per
     * tag.
     *
     * @return tag keys to values, in listing order; empty when tag access is off (404)
     * @throws ImdsException if IMDS fails
     */
    public Map<String, String> tags() throws ImdsException {
        List<MetadataEntry> keys = readOr(MD + "tags/instance/", this::entries,
                List.of());
        Map<String, String> tags = new LinkedHashMap<>();
        for (MetadataEntry key : keys) {
            if (!key.folder()) {
                tags.put(key.name(), new String(client.getBytes(MD + "tags/instance/"
                        + key.name()), UTF_8));
            }
        }
        return tags;
    }

    /**
     * Reads every instance tag without blocking, the values concurrently; see {@link #tags()}.
     *
     * @return a future of the tags
     */
    public CompletableFuture<Map<String, String>> tagsAsync() {
        return readOrAsync(MD + "tags/instance/", this::entries,
                List.<MetadataEntry>of()).thenCompose(keys -> {
                    List<String> names = new ArrayList<>();
                    List<CompletableFuture<byte[]>> values = new ArrayList<>();
                    for (MetadataEntry key : keys) {
                        if (!key.folder()) {
                            names.add(key.name());
                            values.add(client.getBytesAsync(MD + "tags/instance/" + key.name()));
                        }
                    }
                    return CompletableFuture.allOf(values.toArray(new CompletableFuture<?>[0]))
                            .thenApply(done -> {
                                Map<String, String> tags = new LinkedHashMap<>();
                                for (int i = 0; i < names.size(); i++) {
                                    tags.put(names.get(i), new String(values.get(i).join(), UTF_8));
                                }
                                return tags;
                            });
                });
    }

    /**
     * Reads the user data as exact bytes.
     *
     * @return the user data, or empty when the instance has none (404)
     * @throws ImdsException if IMDS fails
     */
    public Optional<UserData> userData() throws ImdsException {
        return readOr("/latest/user-data", InstanceMetadata::userData, Optional.empty());
    }

    /**
     * Reads the user data without blocking; see {@link #userData()}.
     *
     * @return a future of the user data, empty when there is none
     */
    public CompletableFuture<Optional<UserData>> userDataAsync() {
        return readOrAsync("/latest/user-data", InstanceMetadata::userData, Optional.empty());
    }

    private static Optional<UserData> userData(String path, byte[] body) {
        return Optional.of(new UserData(body));
    }

    // ---- notices ------------------------------------------------------------------------------

    /**
     * Reads the spot interruption notice, {@code spot/instance-action}.
     *
     * @return the notice, or empty when none is pending (404)
     * @throws ImdsException if IMDS fails or the notice is malformed
     */
    public Optional<SpotInstanceAction> spotInstanceAction() throws ImdsException {
        return readOr(MD + "spot/instance-action", this::spot, Optional.empty());
    }

    /**
     * Reads the spot interruption notice without blocking; see {@link #spotInstanceAction()}.
     *
     * @return a future of the notice, empty when none is pending
     */
    public CompletableFuture<Optional<SpotInstanceAction>> spotInstanceActionAsync() {
        return readOrAsync(MD + "spot/instance-action", this::spot, Optional.empty());
    }

    private Optional<SpotInstanceAction> spot(String path, byte[] body) throws ImdsException {
        JsonDocument d = JsonDocument.object(path, client.endpoint(), body, false);
        return Optional.of(new SpotInstanceAction(d.string("action", true),
                d.instant("time", true)));
    }

    /**
     * Reads the rebalance recommendation, {@code events/recommendations/rebalance}.
     *
     * @return the recommendation, or empty when none was issued (404)
     * @throws ImdsException if IMDS fails or the document is malformed
     */
    public Optional<RebalanceRecommendation> rebalanceRecommendation() throws ImdsException {
        return readOr(MD + "events/recommendations/rebalance", this::rebalance, Optional.empty());
    }

    /**
     * Reads the rebalance recommendation without blocking; see {@link
     * #rebalanceRecommendation()}.
     *
     * @return a future of the recommendation, empty when none was issued
     */
    public CompletableFuture<Optional<RebalanceRecommendation>> rebalanceRecommendationAsync() {
        return readOrAsync(MD + "events/recommendations/rebalance", this::rebalance,
                Optional.empty());
    }

    private Optional<RebalanceRecommendation> rebalance(String path, byte[] body)
            throws ImdsException {
        JsonDocument d = JsonDocument.object(path, client.endpoint(), body, false);
        return Optional.of(new RebalanceRecommendation(d.instant("noticeTime", true)));
    }

    /**
     * Reads the scheduled maintenance events, {@code events/maintenance/scheduled}, their dates
     * (such as {@code 21 Jan 2019 09:00:43 GMT}) parsed.
     *
     * @return the events; empty when there are none
     * @throws ImdsException if IMDS fails or the list is malformed
     */
    public List<ScheduledEvent> scheduledMaintenanceEvents() throws ImdsException {
        return readOr(MD + "events/maintenance/scheduled", this::events, List.of());
    }

    /**
     * Reads the scheduled maintenance events without blocking; see {@link
     * #scheduledMaintenanceEvents()}.
     *
     * @return a future of the events
     */
    public CompletableFuture<List<ScheduledEvent>> scheduledMaintenanceEventsAsync() {
        return readOrAsync(MD + "events/maintenance/scheduled", this::events, List.of());
    }

    private List<ScheduledEvent> events(String path, byte[] body) throws ImdsException {
        List<ScheduledEvent> events = new ArrayList<>();
        for (JsonDocument d : JsonDocument.array(path, client.endpoint(), body)) {
            events.add(new ScheduledEvent(d.string("Code", true), d.string("Description", false),
                    d.string("EventId", true), d.gmtDate("NotBefore", true),
                    d.gmtDate("NotAfter", false), d.string("State", true)));
        }
        return List.copyOf(events);
    }

    /**
     * Reads the target lifecycle state an auto scaling group set, {@code
     * autoscaling/target-lifecycle-state}.
     *
     * @return such as {@code InService} or {@code Terminated}; empty outside a group (404)
     * @throws ImdsException if IMDS fails
     */
    public Optional<String> autoscalingTargetLifecycleState() throws ImdsException {
        return readOr(MD + "autoscaling/target-lifecycle-state",
                (p, b) -> Optional.of(text(p, b)), Optional.empty());
    }

    /**
     * Reads the target lifecycle state without blocking; see {@link
     * #autoscalingTargetLifecycleState()}.
     *
     * @return a future of the state, empty outside a group
     */
    public CompletableFuture<Optional<String>> autoscalingTargetLifecycleStateAsync() {
        return readOrAsync(MD + "autoscaling/target-lifecycle-state",
                (p, b) -> Optional.of(text(p, b)), Optional.empty());
    }

    // ---- folders ------------------------------------------------------------------------------

    /**
     * Lists a folder's children.
     *
     * @param path a folder such as {@code /latest/meta-data/} or {@code /latest/meta-data/iam};
     *     a trailing {@code /} is added when missing
     * @return the children in IMDS's order, folders marked
     * @throws ImdsException if IMDS fails, for example 404 when there is no such folder
     * @throws IllegalArgumentException if the path is malformed
     */
    public List<MetadataEntry> list(String path) throws ImdsException {
        return read(folder(path), this::entries);
    }

    /**
     * Lists a folder's children without blocking; see {@link #list(String)}.
     *
     * @param path a folder
     * @return a future of the children
     */
    public CompletableFuture<List<MetadataEntry>> listAsync(String path) {
        return readAsync(folder(path), this::entries);
    }

    private static String folder(String path) {
        Objects.requireNonNull(path, "path");
        return path.endsWith("/") ? path : path + "/";
    }

    /**
     * Parses a listing. Most folders mark sub-folders with a trailing {@code /}, but IMDS lists
     * the top two levels bare: {@code /} lists versions (all folders), and a version such as
     * {@code /latest/} lists {@code dynamic} and {@code meta-data} (folders) and {@code
     * user-data} (the one value at that level). Key pairs are listed as {@code 0=name}.
     */
    private List<MetadataEntry> entries(String path, byte[] body) throws ImdsResponseException {
        return entries(path, client.endpoint(), body);
    }

    /**
     * Parses a listing from {@code endpoint}, as {@link #entries(String, byte[])}. A name is
     * taken exactly as listed, spaces included (only the carriage return of a CRLF line end
     * goes, and empty lines are skipped): a changed name would be another path. A line that is
     * a slash alone names a folder without a name, which IMDS never lists.
     *
     * @throws ImdsResponseException naming the listing, for such a line
     */
    static List<MetadataEntry> entries(String path, URI endpoint, byte[] body)
            throws ImdsResponseException {
        boolean root = path.equals("/");
        boolean versionRoot = !root && path.indexOf('/', 1) == path.length() - 1;
        List<MetadataEntry> entries = new ArrayList<>();
        for (String line : new String(body, UTF_8).split("\n")) {
            String name = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            if (name.isEmpty()) {
                continue;
            }
            if (name.equals("/")) {
                throw JsonDocument.problem(path, endpoint, "the listing holds a line '/', a "
                        + "folder without a name; IMDS lists none");
            }
            if (name.endsWith("/")) {
                entries.add(new MetadataEntry(name.substring(0, name.length() - 1), true));
            } else if (root || (versionRoot && !name.equals("user-data"))) {
                entries.add(new MetadataEntry(name, true));
            } else if (path.endsWith("/public-keys/") && name.matches("\\d+=.*")) {
                entries.add(new MetadataEntry(name.substring(0, name.indexOf('=')), true));
            } else {
                entries.add(new MetadataEntry(name, false));
            }
        }
        return List.copyOf(entries);
    }
}
