/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import java.net.URI;

/**
 * Every exception the client throws for a request, built from what happened: pure functions of
 * the request, the last attempt and this client's settings, so that the wording is tested by
 * table. Messages name the method, path, endpoint and attempt count, and the likely cause and
 * fix; never a token, header or body.
 */
final class Failures {
    static final String HOP_LIMIT_HINT = "Inside a container, IMDS drops the token response when "
            + "the instance's metadata hop limit is 1: set it to 2 with 'aws ec2 "
            + "modify-instance-metadata-options --http-put-response-hop-limit 2'.";
    static final String NOT_ON_EC2_HINT = "This process may not be on EC2, or IMDS may be "
            + "turned off for the instance; off EC2, set AWS_EC2_METADATA_DISABLED=true to skip "
            + "IMDS.";
    static final String THROTTLED_HINT = "IMDS answered before, so it is there: it limits "
            + "simultaneous connections and drops packets when an instance calls it too often; "
            + "cache values and call less often.";
    static final String TURNED_OFF_HINT = "IMDS is turned off for this instance (metadata option "
            + "HttpEndpoint disabled), or a proxy added X-Forwarded-For; turn it on with 'aws ec2 "
            + "modify-instance-metadata-options --http-endpoint enabled'.";

    private final URI endpoint;
    private final long connectMillis;
    private final long readMillis;
    private final long operationMillis;
    private final long ttlSeconds;
    private final Ec2Host host;

    Failures(URI endpoint, long connectMillis, long readMillis, long operationMillis,
            long ttlSeconds, Ec2Host host) {
        this.endpoint = endpoint;
        this.connectMillis = connectMillis;
        this.readMillis = readMillis;
        this.operationMillis = operationMillis;
        this.ttlSeconds = ttlSeconds;
        this.host = host;
    }

    /**
     * The exception for a request whose last attempt {@code o} failed for good.
     *
     * @param n the attempts sent
     * @param reached whether this client has had any answer from IMDS before
     */
    ImdsException failure(Request r, Outcome o, int attempt, boolean reached, Call call) {
        // a try that sent nothing (no connection free in time) is not an attempt
        int n = o.failure != null && !o.failure.sent() ? attempt - 1 : attempt;
        String what = prefix(r);
        String tries = " after " + attempts(n);
        if (o.response != null) {
            int s = o.status();
            String base = what + ": " + status(s) + tries;
            String hint = statusHint(r, s);
            return new ImdsStatusException(hint == null ? base : base + "; " + hint, r.method(),
                    r.path(), endpoint, n, s);
        }
        TransportException f = o.failure;
        switch (f.kind()) {
            case CONNECT_FAILED:
                return new ImdsConnectionException(what + ": cannot connect (" + f.getMessage()
                        + ")" + tries + ". " + connectHint(reached), r.method(), r.path(),
                        endpoint, n, f);
            case CONNECT_TIMEOUT:
                if (f.deadlineReached()) {
                    return new ImdsTimeoutException(what + ": no connection before " + limit(call)
                            + " (" + f.getMessage() + ")" + tries + ". " + connectHint(reached),
                            r.method(), r.path(), endpoint, n, f, true);
                }
                return new ImdsTimeoutException(what + ": no connection within " + connectMillis
                        + " ms" + tries + ". " + connectHint(reached), r.method(), r.path(),
                        endpoint, n, f);
            case TIMEOUT:
                if (f.deadlineReached()) {
                    return new ImdsTimeoutException(what + ": gave up after " + attempts(n)
                            + " at " + limit(call) + " ("
                            + f.getMessage() + ")" + (hopLimitSignature(r, f, reached) ? ". "
                                    + HOP_LIMIT_HINT : ""), r.method(), r.path(), endpoint, n,
                            f, true);
                }
                return new ImdsTimeoutException(what + ": " + f.getMessage() + " (read timeout "
                        + readMillis + " ms)" + tries + (hopLimitSignature(r, f, reached)
                                ? ". " + HOP_LIMIT_HINT : ""), r.method(), r.path(), endpoint,
                        n, f);
            case TLS:
                return new ImdsConnectionException(what + ": " + f.getMessage() + tries
                        + ". The endpoint is https: if the server speaks plain HTTP, use an "
                        + "http:// endpoint.", r.method(), r.path(), endpoint, n, f);
            case INTERRUPTED:
                return new ImdsInterruptedException(what + ": " + f.getMessage(), r.method(),
                        r.path(), endpoint, n, f);
            case CLOSED:
            case STALE:
            case TRUNCATED:
            case CANCELLED:
                return new ImdsConnectionException(what + ": " + f.getMessage() + tries,
                        r.method(), r.path(), endpoint, n, f);
            default:
                return new ImdsResponseException(what + ": unusable answer: " + f.getMessage()
                        + tries, r.method(), r.path(), endpoint, n, f);
        }
    }

    /**
     * A token PUT sent on a connection that was made, then no byte of an answer, from an IMDS
     * this client never reached: what a container behind hop limit 1 sees.
     */
    private static boolean hopLimitSignature(Request r, TransportException f, boolean reached) {
        return r.isToken() && !reached && f.sent() && !f.answerBegun();
    }

    private String statusHint(Request r, int s) {
        if (s >= 300 && s < 400) {
            return "redirect not followed: IMDS never redirects, so something else answered";
        } else if (s == 403) {
            return TURNED_OFF_HINT;
        } else if (s == 404) {
            return "there is no metadata at this path";
        } else if (s == 401 && !r.isToken()) {
            return "IMDS refused the session token each time";
        } else if (s == 400 && r.isToken()) {
            return "IMDS refused the token request (TTL " + ttlSeconds + " s)";
        } else if (s == 429) {
            return "IMDS is throttling this instance: cache values and call less often";
        } else if (s >= 500) {
            return "IMDS kept failing";
        }
        return null;
    }

    private String connectHint(boolean reached) {
        if (reached) {
            return THROTTLED_HINT;
        }
        if (host.kind() == Ec2Host.Kind.EC2) {
            return "This host is EC2 (" + host.evidence() + "), yet IMDS did not accept a "
                    + "connection: it may be turned off for the instance, or throttling it.";
        }
        return NOT_ON_EC2_HINT;
    }

    /** Time ran out before the next attempt could be sent. */
    ImdsTimeoutException outOfTime(Request r, Outcome last, int n, Call call) {
        return new ImdsTimeoutException(prefix(r) + ": gave up after " + attempts(n)
                + " at " + limit(call) + "; last: "
                + lastProblem(last), r.method(), r.path(), endpoint, n, last.failure, true);
    }

    /** IMDS asked callers to wait (Retry-After) past this call's deadline. */
    ImdsStatusException retryAfterTooLong(Request r, Outcome last, int n, long waitMillis,
            Call call) {
        return new ImdsStatusException(prefix(r) + ": " + status(last.status())
                + " after " + attempts(n) + "; IMDS asked to retry after "
                + waitMillis + " ms (Retry-After), beyond " + limit(call), r.method(), r.path(),
                endpoint, n, last.status());
    }

    /** An earlier answer's Retry-After holds every caller back past this call's deadline. */
    ImdsTimeoutException throttled(Request r, int n, long waitMillis, Call call) {
        return new ImdsTimeoutException(prefix(r) + ": not sent after " + attempts(n)
                + ": IMDS asked this client to wait " + waitMillis + " ms more (Retry-After), "
                + "beyond " + limit(call), r.method(), r.path(), endpoint, n, null, true);
    }

    /** What ended {@code call}: the operation timeout, or the deadline its caller set. */
    private String limit(Call call) {
        String limit = call.limit();
        return limit != null ? limit : "the operation timeout of " + operationMillis + " ms";
    }

    /** The client closed, or the caller cancelled, before the request finished. */
    ImdsConnectionException closedOrCancelled(Request r, int n, boolean closed) {
        return new ImdsConnectionException(prefix(r) + ": " + (closed ? "the client was closed"
                : "cancelled") + " before the request finished", r.method(), r.path(), endpoint,
                n, null);
    }

    /** The calling thread was interrupted while it waited. */
    ImdsInterruptedException interrupted(Request r, int n, String waitingFor,
            InterruptedException e) {
        return new ImdsInterruptedException(prefix(r) + ": interrupted while waiting for "
                + waitingFor, r.method(), r.path(), endpoint, n, e);
    }

    /** Another caller's token request was still under way at this call's deadline. */
    ImdsTimeoutException tokenWaitTimedOut(Request r, Call call) {
        return new ImdsTimeoutException(prefix(r) + ": no session token within "
                + limit(call) + " (another caller's token request was "
                + "still under way)", r.method(), r.path(), endpoint, 0, null);
    }

    /** The token response is unusable. */
    ImdsResponseException badToken(String problem, int n) {
        return new ImdsResponseException(prefix(Request.TOKEN) + ": " + problem, "PUT",
                Request.TOKEN_PATH, endpoint, n, null);
    }

    /** A value asked for as text is not UTF-8. */
    ImdsResponseException notText(Request r, int length, int n, Throwable cause) {
        return new ImdsResponseException(prefix(r) + ": the value is not UTF-8 text (" + length
                + " bytes); read it with getBytes", r.method(), r.path(), endpoint, n, cause);
    }

    /** AWS_EC2_METADATA_DISABLED is true. */
    ImdsDisabledException disabled(Request r, String source) {
        return new ImdsDisabledException(r.method() + " " + r.path() + ": IMDS access is turned "
                + "off by " + source + "=true; nothing was sent", r.method(), r.path(), endpoint,
                0, null);
    }

    /** The host is not EC2 and no endpoint is configured. */
    ImdsConnectionException offEc2(Request r) {
        return new ImdsConnectionException(prefix(r) + ": not sent: this host is not an EC2 "
                + "instance (" + host.evidence() + "); to reach an IMDS anyway, set an endpoint "
                + "(AWS_EC2_METADATA_SERVICE_ENDPOINT or the builder)", r.method(), r.path(),
                endpoint, 0, null);
    }

    String prefix(Request r) {
        return r.method() + " " + r.path() + " at " + endpoint;
    }

    static String attempts(int n) {
        return n == 1 ? "1 attempt" : n + " attempts";
    }

    private static String lastProblem(Outcome o) {
        return o.response != null ? status(o.status()) : o.failure.getMessage();
    }

    /** A status with its reason phrase, such as {@code 404 Not Found}, or just {@code 299}. */
    static String status(int s) {
        String reason = reason(s);
        return reason.isEmpty() ? Integer.toString(s) : s + " " + reason;
    }

    static String reason(int status) {
        switch (status) {
            case 200: return "OK";
            case 204: return "No Content";
            case 301: return "Moved Permanently";
            case 302: return "Found";
            case 307: return "Temporary Redirect";
            case 308: return "Permanent Redirect";
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 429: return "Too Many Requests";
            case 500: return "Internal Server Error";
            case 502: return "Bad Gateway";
            case 503: return "Service Unavailable";
            case 504: return "Gateway Timeout";
            default: return "";
        }
    }
}
