/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.emulator;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.Headers;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The instance metadata service itself, apart from HTTP plumbing: session tokens, the IMDSv2
 * rules, the metadata options and the metadata tree, with scenarios on the emulator's clock.
 */
final class Service {
    static final String TTL_HEADER = "X-aws-ec2-metadata-token-ttl-seconds";
    static final int MAX_TTL_SECONDS = 21_600;

    /** An answer: status, content type, body and extra headers. */
    record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
        static Response text(int status, byte[] body) {
            return new Response(status, "text/plain", body, Map.of());
        }
    }

    /** Dated versions served as aliases of {@code latest}, as listed by {@code GET /}. */
    private static final List<String> VERSIONS = List.of("1.0", "2007-01-19", "2007-03-01",
            "2007-08-29", "2007-10-10", "2007-12-15", "2008-02-01", "2008-09-01", "2009-04-04",
            "2011-01-01", "2011-05-01", "2012-01-12", "2014-02-25", "2014-11-05", "2015-10-20",
            "2016-04-19", "2016-06-30", "2016-09-02", "2018-03-28", "2018-08-17", "2018-09-24",
            "2019-10-01", "2020-10-27", "2021-01-03", "2021-03-23", "2021-07-15");
    private static final Set<String> KNOWN_VERSIONS = Set.copyOf(VERSIONS);
    private static final String MD = "/latest/meta-data/";
    private static final String TAGS = MD + "tags";
    private static final String EXTENDED = MD + "iam/security-credentials-extended";
    private static final String PUBLIC_KEYS = MD + "public-keys/";
    private static final DateTimeFormatter MAINTENANCE_DATE =
            DateTimeFormatter.ofPattern("d MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH)
                    .withZone(ZoneOffset.UTC);

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final MetadataTree tree = new MetadataTree();
    private final Timeline timeline = new Timeline();
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final List<MaintenanceEvent> publishedEvents = new ArrayList<>();

    private volatile HttpTokens httpTokens;
    private volatile boolean endpointEnabled;
    private volatile boolean tagsEnabled;
    private volatile boolean extendedOffered;
    private volatile int maxTtlSeconds;

    Service(Clock clock) {
        this.clock = clock;
        reset();
    }

    /** Back to the default instance and options; forgets tokens and scheduled scenarios. */
    void reset() {
        timeline.clear();
        tokens.clear();
        synchronized (publishedEvents) {
            publishedEvents.clear();
        }
        tree.clear();
        byte[] seed = new byte[16];
        random.nextBytes(seed);
        DefaultInstance.populate(tree, clock.instant(), seed);
        httpTokens = HttpTokens.REQUIRED;
        endpointEnabled = true;
        tagsEnabled = true;
        extendedOffered = true;
        maxTtlSeconds = MAX_TTL_SECONDS;
    }

    // ---- options and content ------------------------------------------------------------------

    void httpTokens(HttpTokens mode) {
        httpTokens = mode;
    }

    void endpointEnabled(boolean enabled) {
        endpointEnabled = enabled;
    }

    void tagsEnabled(boolean enabled) {
        tagsEnabled = enabled;
    }

    void extendedOffered(boolean offered) {
        extendedOffered = offered;
    }

    void maxTtlSeconds(int seconds) {
        maxTtlSeconds = seconds;
    }

    void put(String path, byte[] value) {
        tree.put(path, MetadataTree.Value.of(value));
    }

    boolean remove(String path) {
        return tree.remove(path);
    }

    // ---- scenarios ----------------------------------------------------------------------------

    void scheduleSpotInterruption(SpotAction action, Instant noticeAt, Instant actionAt) {
        put(MD + "instance-life-cycle", "spot".getBytes(UTF_8));
        Map<String, Object> notice = new LinkedHashMap<>();
        notice.put("action", action.wireName());
        notice.put("time", DefaultInstance.iso(actionAt));
        byte[] json = Json.pretty(notice);
        timeline.schedule(noticeAt, () -> {
            put(MD + "spot/instance-action", json);
            if (action == SpotAction.TERMINATE) {
                put(MD + "spot/termination-time", DefaultInstance.iso(actionAt).getBytes(UTF_8));
            }
        });
    }

    void scheduleRebalanceRecommendation(Instant noticeAt) {
        byte[] json = Json.pretty(Map.of("noticeTime", DefaultInstance.iso(noticeAt)));
        timeline.schedule(noticeAt, () -> put(MD + "events/recommendations/rebalance", json));
    }

    void scheduleMaintenanceEvent(MaintenanceEvent event, Instant publishAt) {
        timeline.schedule(publishAt, () -> {
            List<Map<String, Object>> list = new ArrayList<>();
            synchronized (publishedEvents) {
                publishedEvents.add(event);
                for (MaintenanceEvent e : publishedEvents) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("NotBefore", MAINTENANCE_DATE.format(e.notBefore()));
                    m.put("Code", e.code());
                    m.put("Description", e.description());
                    m.put("EventId", e.eventId());
                    m.put("NotAfter", MAINTENANCE_DATE.format(e.notAfter()));
                    m.put("State", e.state());
                    list.add(m);
                }
            }
            put(MD + "events/maintenance/scheduled", Json.pretty(list));
        });
    }

    void scheduleTargetLifecycleState(String state, Instant at) {
        byte[] value = state.getBytes(UTF_8);
        timeline.schedule(at, () -> put(MD + "autoscaling/target-lifecycle-state", value));
    }

    // ---- requests -----------------------------------------------------------------------------

    /** Answers one request whose raw path is {@code path}, as IMDS would. */
    Response respond(String method, String path, Headers headers) {
        Instant now = clock.instant();
        timeline.applyDue(now);
        if (!endpointEnabled) {
            return error(403);
        }
        if (path.equals(ImdsEmulator.TOKEN_PATH)) {
            return token(method, headers, now);
        }
        if (path.endsWith("/api/token") && path.indexOf('/', 1) == path.length() - 10) {
            return error(403); // a version-specific token path such as /2021-03-23/api/token
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return notAllowed("GET, HEAD");
        }
        String token = headers.getFirst(RecordedRequest.TOKEN_HEADER);
        if (token != null) {
            Instant expiry = tokens.get(token);
            if (expiry == null || !now.isBefore(expiry)) {
                return error(401);
            }
        } else if (httpTokens == HttpTokens.REQUIRED) {
            return error(401);
        }
        return lookup(path, now);
    }

    private Response token(String method, Headers headers, Instant now) {
        if (!method.equals("PUT")) {
            return notAllowed("PUT");
        }
        if (headers.containsKey("X-Forwarded-For")) {
            return error(403);
        }
        int requested = parseTtl(headers.getFirst(TTL_HEADER));
        if (requested < 1 || requested > MAX_TTL_SECONDS) {
            return error(400);
        }
        int stated = Math.min(requested, maxTtlSeconds);
        byte[] raw = new byte[42];
        random.nextBytes(raw);
        String token = Base64.getEncoder().encodeToString(raw);
        if (tokens.size() >= 4096) {
            tokens.values().removeIf(expiry -> !now.isBefore(expiry));
        }
        tokens.put(token, now.plus(Duration.ofSeconds(stated)));
        return new Response(200, "text/plain", token.getBytes(UTF_8),
                Map.of(TTL_HEADER, Integer.toString(stated)));
    }

    /**
     * The TTL header as a number of seconds, or -1 when absent or not plain decimal digits.
     * Leading zeros are accepted ({@code 060} is 60 s, echoed as {@code 60}): AWS documents an
     * integer from 1 to 21600 and nothing stricter, and AWS's own mock (Go's {@code Atoi}) reads
     * it so. Signs, spaces, control characters, fractions and exponents are 400. Nothing is
     * trimmed here; what {@code jdk.httpserver} trims before (bytes up to 0x20 at either end of
     * the value) is documented in {@code package-info}.
     */
    static int parseTtl(String value) {
        if (value == null || value.isEmpty()) {
            return -1;
        }
        String digits = value;
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return -1;
            }
        }
        String significant = digits.replaceFirst("^0+(?=.)", "");
        return significant.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(significant);
    }

    private Response lookup(String path, Instant now) {
        if (path.equals("/")) {
            return listing(VERSIONS, List.of("latest"));
        }
        int second = path.indexOf('/', 1);
        String version = second < 0 ? path.substring(1) : path.substring(1, second);
        if (!version.equals("latest") && !KNOWN_VERSIONS.contains(version)) {
            return error(404);
        }
        String rest = second < 0 ? "" : path.substring(second + 1);
        if (rest.isEmpty()) {
            return versionRoot(version);
        }
        // A trailing slash asks for a listing, but IMDS serves a leaf asked for that way too
        // (botocore asks for placement/availability-zone/, the Java SDK for user-data/).
        String bare = rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
        String full = MetadataTree.ROOT + bare;
        MetadataTree.Value value = tree.leaf(full);
        if (value != null) {
            if (!visible(version, full)) {
                return error(404);
            }
            String type = bare.equals("user-data") ? "application/octet-stream" : "text/plain";
            return new Response(200, type, value.bytes(now), Map.of());
        }
        String folder = full + "/";
        List<String> children = new ArrayList<>();
        for (String child : tree.folderChildren(folder)) {
            if (!childVisible(version, folder, child)) {
                continue;
            }
            children.add(folder.equals(PUBLIC_KEYS) ? publicKeyEntry(child, now) : child);
        }
        return children.isEmpty() ? error(404) : listing(children, List.of());
    }

    /**
     * {@code /latest/} or {@code /1.0/}: the top-level categories, folders included, with no
     * trailing slash, as IMDS lists them ({@code dynamic}, {@code meta-data}, {@code user-data}).
     */
    private Response versionRoot(String version) {
        List<String> children = new ArrayList<>();
        for (String child : tree.folderChildren(MetadataTree.ROOT)) {
            if (childVisible(version, MetadataTree.ROOT, child)) {
                children.add(child.endsWith("/") ? child.substring(0, child.length() - 1) : child);
            }
        }
        return children.isEmpty() ? error(404) : listing(children, List.of());
    }

    /** Whether a child listed in {@code folder} (a folder if it ends with /) is served. */
    private boolean childVisible(String version, String folder, String child) {
        if (!child.endsWith("/")) {
            return visible(version, folder + child);
        }
        return tree.anyLeafUnder(folder + child, leaf -> visible(version, leaf));
    }

    /** Whether the leaf at {@code full} (under /latest/) is served in {@code version}. */
    private boolean visible(String version, String full) {
        return !hidden(full)
                && Categories.servedIn(version, full.substring(MetadataTree.ROOT.length()));
    }

    /** IMDS lists key pairs as {@code 0=key-name}, the name being the key's comment. */
    private String publicKeyEntry(String child, Instant now) {
        String index = child.endsWith("/") ? child.substring(0, child.length() - 1) : child;
        MetadataTree.Value key = tree.leaf(PUBLIC_KEYS + index + "/openssh-key");
        String name = "";
        if (key != null) {
            String[] fields = new String(key.bytes(now), UTF_8).trim().split("\\s+");
            name = fields.length >= 3 ? fields[fields.length - 1] : "";
        }
        return index + "=" + name;
    }

    void feature(InstanceFeature feature, boolean on) {
        DefaultInstance.feature(tree, feature, on);
    }

    private boolean hidden(String path) {
        return (!tagsEnabled && under(path, TAGS)) || (!extendedOffered && under(path, EXTENDED));
    }

    private static boolean under(String path, String folder) {
        return path.equals(folder) || path.startsWith(folder + "/");
    }

    private static Response listing(List<String> first, List<String> then) {
        List<String> all = new ArrayList<>(first);
        all.addAll(then);
        return Response.text(200, String.join("\n", all).getBytes(UTF_8));
    }

    /** 405 with the {@code Allow} header HTTP requires (RFC 9110, section 15.5.6). */
    private static Response notAllowed(String allow) {
        Response r = error(405);
        return new Response(r.status(), r.contentType(), r.body(), Map.of("Allow", allow));
    }

    /**
     * The throttle's 429: the HTML page, and {@code Retry-After: 1}, which RFC 6585 allows on a
     * 429 and many clients honour, so that clients can test that they do. Real IMDS never
     * answers 429. The status line carries no reason phrase ({@code HTTP/1.1 429 }): the JDK's
     * server writes phrases from a fixed table that lacks 429, and RFC 9112 makes the phrase
     * optional and tells clients to ignore it; the page's title says {@code 429 - Too Many
     * Requests}.
     */
    static Response throttled() {
        Response r = error(429);
        return new Response(r.status(), r.contentType(), r.body(), Map.of("Retry-After", "1"));
    }

    /** An error answer with the HTML page IMDS sends, such as {@code 404 - Not Found}. */
    static Response error(int status) {
        String title = status + " - " + reason(status);
        String html = "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>\n"
                + "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\"\n"
                + "\t\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n"
                + "<html xmlns=\"http://www.w3.org/1999/xhtml\" xml:lang=\"en\" lang=\"en\">\n"
                + " <head>\n  <title>" + title + "</title>\n </head>\n"
                + " <body>\n  <h1>" + title + "</h1>\n </body>\n</html>\n";
        return new Response(status, "text/html", html.getBytes(UTF_8), Map.of());
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            // AWS's guide names IMDSv2's 400 "400 - Missing or Invalid Parameters".
            case 400 -> "Missing or Invalid Parameters";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Error";
        };
    }
}
