/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import dev.imds4j.TransportException.Kind;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A deliberately small HTTP/1.1 client for one endpoint: the subset IMDS needs, with every limit
 * explicit.
 *
 * <p>Why not {@code HttpURLConnection} or {@code java.net.http.HttpClient}: this one never
 * consults a proxy, never follows a redirect, never replays a request behind the caller's back,
 * never logs a header, bounds every read by the request's deadline (so a server that drips one
 * byte at a time cannot hold it), and caps the status line, headers and body. It starts as fast
 * as {@code HttpURLConnection}.
 *
 * <p>Connections: at most {@code maxConnections} sockets are open at once, idle ones included
 * (real IMDS limits simultaneous connections and drops what is beyond); a caller that finds
 * none free waits, in arrival order and within its deadline, for one to be handed over or
 * closed. Kept-alive connections are reused only when nothing is left unread on them: a
 * response followed by stray bytes, an answer the server pushed while the connection sat idle,
 * or a connection past its idle limit is closed instead. When a reused connection turns out to
 * be closed by the server, the request fails with {@link Kind#STALE}, and the idle connections
 * at least as old are closed too; the retry engine sends it again and counts the attempt.
 *
 * <p>Thread-safe: each exchange uses a connection of its own.
 */
final class HttpTransport implements AutoCloseable {
    static final String TOKEN_HEADER = "X-aws-ec2-metadata-token";
    static final String TTL_HEADER = "X-aws-ec2-metadata-token-ttl-seconds";
    static final int MAX_LINE = 8 * 1024;
    static final int MAX_HEADER_BYTES = 64 * 1024;
    static final int MAX_HEADERS = 100;
    /** Idle connections kept for reuse; more are closed. */
    static final int MAX_IDLE = 4;
    private static final long IDLE_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** What a waiter is handed instead of a connection: a permit to open one. */
    private static final Connection PERMIT = new Connection(null);

    /** An answer: status, the token TTL and Retry-After headers if any, and the body. */
    static final class Response {
        final int status;
        final String ttlHeader;
        final String retryAfter;
        final byte[] body;

        Response(int status, String ttlHeader, String retryAfter, byte[] body) {
            this.status = status;
            this.ttlHeader = ttlHeader;
            this.retryAfter = retryAfter;
            this.body = body;
        }
    }

    private final String host;
    private final int port;
    private final String basePath;
    private final byte[] fixedHeaders;
    private final SSLSocketFactory tls;
    private final int connectMillis;
    private final long readNanos;
    private final int maxConnections;
    private final Object pool = new Object();
    private final ArrayDeque<Connection> idle = new ArrayDeque<>(); // guarded by pool
    /** Callers waiting for a connection, first come first served. Guarded by pool. */
    private final ArrayDeque<CompletableFuture<Connection>> waiters = new ArrayDeque<>();
    private int permits; // sockets open or being opened; guarded by pool
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger peakOpen = new AtomicInteger();
    private volatile boolean closed;

    HttpTransport(URI endpoint, SSLSocketFactory tls, long connectMillis, long readNanos,
            int maxConnections, String userAgent) {
        String h = endpoint.getHost();
        this.host = h.startsWith("[") ? h.substring(1, h.length() - 1) : h;
        boolean https = endpoint.getScheme().equalsIgnoreCase("https");
        this.port = endpoint.getPort() >= 0 ? endpoint.getPort() : https ? 443 : 80;
        String path = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
        this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        // The JVM's default TLS stack costs ~200 ms to start: load it only for https.
        this.tls = !https ? null
                : tls != null ? tls : (SSLSocketFactory) SSLSocketFactory.getDefault();
        this.connectMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, connectMillis));
        this.readNanos = readNanos;
        this.maxConnections = maxConnections;
        String authority = h + (endpoint.getPort() >= 0 ? ":" + endpoint.getPort() : "");
        this.fixedHeaders = ("Host: " + authority + "\r\nUser-Agent: " + userAgent
                + "\r\nAccept: */*\r\n").getBytes(ISO_8859_1);
    }

    /**
     * Sends one request and reads its answer.
     *
     * @param target the path and any query, ASCII, starting with {@code /}; the endpoint's path
     *     prefix is added here
     * @param headerName an extra header (the token or the TTL), or null
     * @param maxBody the largest body accepted
     * @throws TransportException classified by {@link Kind}; {@link Kind#STALE} when a reused
     *     connection was closed before any answer
     */
    Response execute(String method, String target, String headerName, String headerValue,
            int maxBody, Call call) throws TransportException {
        if (call.remainingNanos() <= 0) {
            // not even on a kept-alive connection: a request past its deadline is not sent
            throw new TransportException(Kind.TIMEOUT, "no time left to send the request", true,
                    false, false, null);
        }
        byte[] request = request(method, target, headerName, headerValue);
        Connection c = lease(call);
        if (c == PERMIT) {
            return exchange(connect(call), request, maxBody, call, false);
        }
        return exchange(c, request, maxBody, call, true);
    }

    private byte[] request(String method, String target, String headerName, String value) {
        int length = method.length() + 1 + basePath.length() + target.length() + 11
                + fixedHeaders.length + 2;
        if (headerName != null) {
            length += headerName.length() + 2 + value.length() + 2;
        }
        boolean emptyBody = method.equals("PUT");
        if (emptyBody) {
            length += 19;
        }
        byte[] b = new byte[length];
        int i = put(b, 0, method);
        b[i++] = ' ';
        i = put(b, i, basePath);
        i = put(b, i, target);
        i = put(b, i, " HTTP/1.1\r\n");
        System.arraycopy(fixedHeaders, 0, b, i, fixedHeaders.length);
        i += fixedHeaders.length;
        if (headerName != null) {
            i = put(b, i, headerName);
            b[i++] = ':';
            b[i++] = ' ';
            i = put(b, i, value);
            b[i++] = '\r';
            b[i++] = '\n';
        }
        if (emptyBody) {
            i = put(b, i, "Content-Length: 0\r\n");
        }
        b[i++] = '\r';
        b[i] = '\n';
        return b;
    }

    private static int put(byte[] b, int at, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            b[at + i] = (byte) ascii.charAt(i);
        }
        return at + ascii.length();
    }

    // ---- connections --------------------------------------------------------------------------

    /**
     * Returns an idle connection to reuse, or {@link #PERMIT} when the caller may open a new one;
     * waits for either when {@code maxConnections} are open.
     */
    private Connection lease(Call call) throws TransportException {
        CompletableFuture<Connection> ticket;
        synchronized (pool) {
            if (closed) {
                throw cancelled(null);
            }
            Connection c = takeIdle();
            if (c != null) {
                return c;
            }
            if (permits < maxConnections) {
                permits++;
                return PERMIT;
            }
            ticket = new CompletableFuture<>();
            waiters.addLast(ticket);
        }
        call.attach(new Closeable() {
            @Override
            public void close() {
                ticket.cancel(false); // a cancelled call stops waiting
            }
        });
        try {
            return ticket.get(Math.max(0, call.remainingNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            giveBack(ticket);
            throw new TransportException(Kind.TIMEOUT, "no connection free in time (all "
                    + maxConnections + " in use)", true, false, false, null);
        } catch (InterruptedException e) {
            giveBack(ticket);
            if (closed) {
                throw cancelled(null); // close() stops the client's threads: not the caller's
            }
            Thread.currentThread().interrupt();
            throw new TransportException(Kind.INTERRUPTED, "interrupted while waiting for a "
                    + "connection", false, null);
        } catch (CancellationException | ExecutionException e) {
            giveBack(ticket);
            throw cancelled(null);
        } finally {
            call.detach();
        }
    }

    /** Withdraws a waiter; returns what it was handed meanwhile, if anything. */
    private void giveBack(CompletableFuture<Connection> ticket) {
        synchronized (pool) {
            if (waiters.remove(ticket)) {
                return;
            }
        }
        if (!ticket.isDone() || ticket.isCompletedExceptionally()) {
            return; // cancelled by close(): nothing was handed over
        }
        Connection handed = ticket.join();
        if (handed == PERMIT) {
            release();
        } else if (handed != null) {
            checkin(handed);
        }
    }

    /** The newest idle connection that is fit to reuse; closes the unfit ones. */
    private Connection takeIdle() {
        long now = System.nanoTime();
        for (Connection c = idle.pollLast(); c != null; c = idle.pollLast()) {
            if (now - c.idleSince < IDLE_LIMIT_NANOS && c.quiet()) {
                return c;
            }
            // past its idle limit, or the server pushed something onto it (an unsolicited
            // answer, stray bytes): it must not carry another request
            close(c);
            permits--;
        }
        return null;
    }

    /** Returns a connection after a complete exchange: to a waiter, to the idle pool, or closed. */
    private void checkin(Connection c) {
        if (!c.quiet()) {
            discard(c); // bytes beyond the response: it must not carry another request
            return;
        }
        CompletableFuture<Connection> ticket;
        synchronized (pool) {
            c.idleSince = System.nanoTime();
            while ((ticket = waiters.pollFirst()) != null) {
                if (ticket.complete(c)) {
                    return;
                }
            }
            if (!closed && idle.size() < MAX_IDLE) {
                idle.addLast(c);
                return;
            }
            permits--;
        }
        close(c);
    }

    /** Closes a connection that must not be reused and frees its place. */
    private void discard(Connection c) {
        close(c);
        release();
    }

    /** Frees one place: hands it to the first waiter, or lets the count fall. */
    private void release() {
        synchronized (pool) {
            CompletableFuture<Connection> ticket;
            while ((ticket = waiters.pollFirst()) != null) {
                if (ticket.complete(PERMIT)) {
                    return;
                }
            }
            permits--;
        }
    }

    /**
     * A reused connection was found closed by the server: the idle ones at least as old went
     * through the same idle period and are closed too.
     */
    private void closeIdleSince(long idleSince) {
        synchronized (pool) {
            for (Iterator<Connection> i = idle.iterator(); i.hasNext();) {
                Connection c = i.next();
                if (c.idleSince - idleSince <= 0) {
                    i.remove();
                    close(c);
                    permits--;
                }
            }
        }
    }

    private void close(Connection c) {
        open.remove(c);
        c.close();
    }

    /** Opens a new connection; the caller holds a permit for it, which a failure frees. */
    private Connection connect(Call call) throws TransportException {
        if (closed || call.cancelled()) {
            release();
            throw cancelled(null);
        }
        long remainingMillis = TimeUnit.NANOSECONDS.toMillis(call.remainingNanos());
        if (remainingMillis <= 0) {
            release();
            throw new TransportException(Kind.TIMEOUT, "no time left to connect", true, false,
                    false, null);
        }
        int timeout = (int) Math.min(connectMillis, remainingMillis);
        Socket socket = new Socket(Proxy.NO_PROXY);
        Connection c = new Connection(socket);
        open.add(c);
        for (int n = open.size(), peak = peakOpen.get(); n > peak && !peakOpen.compareAndSet(
                peak, n); peak = peakOpen.get()) {
            // no method reference: the sync path stays free of lambdas (start-up)
        }
        call.attach(c);
        boolean connected = false;
        long handshakeDeadline = 0;
        ScheduledFuture<?> watchdog = null;
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), timeout);
            connected = true;
            if (tls != null) {
                handshakeDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
                watchdog = watch(c, handshakeDeadline);
                c.upgrade(tls, host, port, timeout);
            }
            c.streams();
            return c;
        } catch (SocketTimeoutException e) {
            discard(c);
            if (connected) {
                throw new TransportException(Kind.TLS, "TCP connected, but the TLS handshake got "
                        + "no answer within " + timeout + " ms", timeout < connectMillis, e);
            }
            throw new TransportException(Kind.CONNECT_TIMEOUT, "connect timed out after "
                    + timeout + " ms", timeout < connectMillis, e);
        } catch (ConnectException | NoRouteToHostException | UnknownHostException e) {
            discard(c);
            throw new TransportException(Kind.CONNECT_FAILED, describe(e), false, e);
        } catch (SSLException e) {
            discard(c);
            throw new TransportException(Kind.TLS, "TCP connected, but the TLS handshake failed ("
                    + e.getMessage() + ")", false, e);
        } catch (IOException e) {
            discard(c);
            if (call.cancelled() || closed) {
                throw cancelled(e);
            }
            if (connected && System.nanoTime() - handshakeDeadline >= 0) {
                throw new TransportException(Kind.TLS, "TCP connected, but the TLS handshake did "
                        + "not finish within " + timeout + " ms", timeout < connectMillis, e);
            }
            throw new TransportException(connected ? Kind.TLS : Kind.CONNECT_FAILED,
                    (connected ? "TCP connected, but the TLS handshake broke: " : "")
                            + describe(e), false, e);
        } finally {
            if (watchdog != null) {
                watchdog.cancel(false);
            }
            call.detach();
        }
    }

    /**
     * Closes a TLS connection at {@code deadlineNanos}: a TLS read restarts the socket timeout
     * for every record fragment, so a server dripping bytes would otherwise hold it past any
     * deadline. Plain connections need no watchdog: each read is bounded by what is left.
     */
    private ScheduledFuture<?> watch(Connection c, long deadlineNanos) {
        if (tls == null) {
            return null;
        }
        return TlsDeadlines.TIMER.schedule(c::close, deadlineNanos - System.nanoTime(),
                TimeUnit.NANOSECONDS);
    }

    /** One daemon thread for every client's TLS deadlines, started on the first https call. */
    private static final class TlsDeadlines {
        static final ScheduledThreadPoolExecutor TIMER = timer();

        private static ScheduledThreadPoolExecutor timer() {
            ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, task -> {
                Thread thread = new Thread(task, "imds4j-tls-deadline");
                thread.setDaemon(true);
                return thread;
            });
            t.setKeepAliveTime(10, TimeUnit.SECONDS);
            t.allowCoreThreadTimeOut(true);
            t.setRemoveOnCancelPolicy(true);
            return t;
        }
    }

    private TransportException cancelled(IOException cause) {
        return new TransportException(Kind.CANCELLED,
                closed ? "the client was closed" : "cancelled", false, cause);
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    // ---- one exchange -------------------------------------------------------------------------

    private Response exchange(Connection c, byte[] request, int maxBody, Call call,
            boolean reused) throws TransportException {
        call.attach(c);
        boolean reusable = false;
        ScheduledFuture<?> watchdog = null;
        try {
            long now = System.nanoTime();
            boolean cappedByCall = call.deadlineNanos() - now <= readNanos;
            long deadline = cappedByCall ? call.deadlineNanos() : now + readNanos;
            watchdog = watch(c, deadline);
            try {
                c.out.write(request);
                c.out.flush();
            } catch (IOException e) {
                throw stale(c, reused, failure(Kind.CLOSED, "connection closed while sending", e,
                        call, false));
            }
            ResponseReader reader = new ResponseReader(c, deadline, cappedByCall, call, maxBody);
            Response response;
            try {
                response = reader.read();
            } catch (TransportException e) {
                throw stale(c, reused, e);
            }
            // bytes beyond the response: this connection must not carry another request
            reusable = reader.reusable && c.pos == c.limit;
            return response;
        } finally {
            if (watchdog != null && !watchdog.cancel(false)) {
                reusable = false; // the watchdog closed it
            }
            call.detach();
            if (reusable) {
                checkin(c);
            } else {
                discard(c);
            }
        }
    }

    /**
     * A reused connection closed before any answer: the server had dropped it while idle, so
     * the idle ones at least as old are dropped too. Reported as {@link Kind#STALE}.
     */
    private TransportException stale(Connection c, boolean reused, TransportException e) {
        if (!reused || e.kind() != Kind.CLOSED) {
            return e;
        }
        closeIdleSince(c.idleSince);
        return new TransportException(Kind.STALE, "the kept-alive connection had been closed by "
                + "the server", false, e);
    }

    private TransportException failure(Kind kind, String message, IOException cause, Call call,
            boolean deadline) {
        if (call.cancelled() || closed) {
            return cancelled(cause);
        }
        return new TransportException(kind, message, deadline, cause);
    }

    /** Reads one response from a connection within a deadline. */
    private final class ResponseReader {
        private final Connection c;
        private final long deadline;
        private final boolean cappedByCall;
        private final Call call;
        private final int maxBody;
        private boolean started;
        boolean reusable;

        ResponseReader(Connection c, long deadline, boolean cappedByCall, Call call, int maxBody) {
            this.c = c;
            this.deadline = deadline;
            this.cappedByCall = cappedByCall;
            this.call = call;
            this.maxBody = maxBody;
        }

        Response read() throws TransportException {
            int status;
            boolean http11;
            do {
                int len = line();
                for (int empty = 0; len == 0 && empty < 4; empty++) {
                    len = line(); // RFC 9112 2.2: ignore empty lines before the status line
                }
                if (len < 12 || !startsWith(c.line, "HTTP/1.") || c.line[8] != ' '
                        || !digit(c.line[9]) || !digit(c.line[10]) || !digit(c.line[11])
                        || (len > 12 && c.line[12] != ' ')) {
                    throw new TransportException(Kind.MALFORMED, "not an HTTP/1.x status line");
                }
                http11 = c.line[7] == '1';
                status = (c.line[9] - '0') * 100 + (c.line[10] - '0') * 10 + (c.line[11] - '0');
                if (status >= 100 && status < 200) {
                    skipHeaders();
                }
            } while (status >= 100 && status < 200);

            long contentLength = -1;
            boolean chunked = false;
            boolean close = !http11;
            String ttl = null;
            String retryAfter = null;
            int headers = 0;
            int headerBytes = 0;
            for (int len = line(); len != 0; len = line()) {
                if (len < 0) {
                    throw truncated(); // closed inside the headers
                }
                headerBytes += len + 2;
                if (++headers > MAX_HEADERS || headerBytes > MAX_HEADER_BYTES) {
                    throw new TransportException(Kind.TOO_LARGE, "more than " + MAX_HEADERS
                            + " headers or " + MAX_HEADER_BYTES + " header bytes");
                }
                int colon = indexOf(c.line, len, (byte) ':');
                if (colon <= 0) {
                    throw new TransportException(Kind.MALFORMED, "a header line without a name");
                }
                int from = colon + 1;
                int to = len;
                while (from < to && (c.line[from] == ' ' || c.line[from] == '\t')) {
                    from++;
                }
                while (to > from && (c.line[to - 1] == ' ' || c.line[to - 1] == '\t')) {
                    to--;
                }
                if (nameIs(colon, "content-length")) {
                    long n = parseLength(from, to);
                    if (contentLength >= 0 && n != contentLength) {
                        throw new TransportException(Kind.MALFORMED, "conflicting Content-Length");
                    }
                    contentLength = n;
                } else if (nameIs(colon, "transfer-encoding")) {
                    String te = new String(c.line, from, to - from, ISO_8859_1).trim();
                    if (!te.equalsIgnoreCase("chunked")) {
                        throw new TransportException(Kind.MALFORMED,
                                "unsupported Transfer-Encoding");
                    }
                    chunked = true;
                } else if (nameIs(colon, "connection")) {
                    String v = new String(c.line, from, to - from, ISO_8859_1);
                    close |= v.toLowerCase(Locale.ROOT).contains("close");
                } else if (nameIs(colon, "x-aws-ec2-metadata-token-ttl-seconds")) {
                    ttl = to - from > 32 ? "(too long)"
                            : new String(c.line, from, to - from, ISO_8859_1);
                } else if (nameIs(colon, "retry-after")) {
                    retryAfter = to - from > 64 ? null
                            : new String(c.line, from, to - from, ISO_8859_1);
                }
            }

            byte[] body;
            if (status == 204 || status == 304) {
                body = new byte[0];
                reusable = !close;
            } else if (chunked) {
                body = chunkedBody();
                reusable = !close;
            } else if (contentLength >= 0) {
                if (contentLength > maxBody) {
                    throw new TransportException(Kind.TOO_LARGE, "the body (Content-Length "
                            + contentLength + ") exceeds the " + maxBody + "-byte limit");
                }
                body = new byte[(int) contentLength];
                fill(body, 0, body.length);
                reusable = !close;
            } else {
                body = untilEof();
            }
            return new Response(status, ttl, retryAfter, body);
        }

        private void skipHeaders() throws TransportException {
            int total = 0;
            for (int len = line(); len != 0; len = line()) {
                if (len < 0) {
                    throw truncated();
                }
                total += len + 2;
                if (total > MAX_HEADER_BYTES) {
                    throw new TransportException(Kind.TOO_LARGE, "interim response too large");
                }
            }
        }

        private boolean nameIs(int length, String lowerName) {
            if (length != lowerName.length()) {
                return false;
            }
            for (int i = 0; i < length; i++) {
                int b = c.line[i];
                if (b >= 'A' && b <= 'Z') {
                    b += 'a' - 'A';
                }
                if (b != lowerName.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private long parseLength(int from, int to) throws TransportException {
            if (from == to || to - from > 18) {
                throw new TransportException(Kind.MALFORMED, "invalid Content-Length");
            }
            long n = 0;
            for (int i = from; i < to; i++) {
                if (!digit(c.line[i])) {
                    throw new TransportException(Kind.MALFORMED, "invalid Content-Length");
                }
                n = n * 10 + (c.line[i] - '0');
            }
            return n;
        }

        private byte[] chunkedBody() throws TransportException {
            byte[] body = new byte[0];
            int size = 0;
            while (true) {
                int len = line();
                if (len < 0) {
                    throw truncated();
                }
                long chunk = 0;
                int i = 0;
                for (; i < len && hex(c.line[i]) >= 0; i++) {
                    chunk = chunk * 16 + hex(c.line[i]);
                    if (chunk > maxBody) {
                        throw new TransportException(Kind.TOO_LARGE,
                                "the chunked body exceeds the " + maxBody + "-byte limit");
                    }
                }
                if (i == 0 || (i < len && c.line[i] != ';' && c.line[i] != ' ')) {
                    throw new TransportException(Kind.MALFORMED, "invalid chunk size");
                }
                if (chunk == 0) {
                    skipHeaders(); // trailers
                    return size == body.length ? body : Arrays.copyOf(body, size);
                }
                if (size + chunk > maxBody) {
                    throw new TransportException(Kind.TOO_LARGE,
                            "the chunked body exceeds the " + maxBody + "-byte limit");
                }
                if (size + chunk > body.length) {
                    body = Arrays.copyOf(body, (int) Math.min(maxBody,
                            Math.max(size + chunk, 2L * body.length)));
                }
                fill(body, size, (int) chunk);
                size += (int) chunk;
                if (line() != 0) {
                    throw new TransportException(Kind.MALFORMED, "a chunk without its CRLF");
                }
            }
        }

        private byte[] untilEof() throws TransportException {
            byte[] body = new byte[Math.min(maxBody + 1, 8192)];
            int size = 0;
            while (true) {
                if (c.pos == c.limit && !more()) {
                    return Arrays.copyOf(body, size);
                }
                if (size == body.length) {
                    if (size > maxBody) {
                        throw new TransportException(Kind.TOO_LARGE,
                                "the body exceeds the " + maxBody + "-byte limit");
                    }
                    body = Arrays.copyOf(body, (int) Math.min(maxBody + 1L, 2L * size));
                }
                int n = Math.min(c.limit - c.pos, body.length - size);
                System.arraycopy(c.buffer, c.pos, body, size, n);
                c.pos += n;
                size += n;
                if (size > maxBody) {
                    throw new TransportException(Kind.TOO_LARGE,
                            "the body exceeds the " + maxBody + "-byte limit");
                }
            }
        }

        /** Copies exactly {@code n} body bytes into {@code into} at {@code at}. */
        private void fill(byte[] into, int at, int n) throws TransportException {
            while (n > 0) {
                if (c.pos == c.limit && !more()) {
                    throw truncated();
                }
                int k = Math.min(n, c.limit - c.pos);
                System.arraycopy(c.buffer, c.pos, into, at, k);
                c.pos += k;
                at += k;
                n -= k;
            }
        }

        /** Reads a line into {@code c.line} without its CRLF; returns its length, -1 at EOF. */
        private int line() throws TransportException {
            int len = 0;
            while (true) {
                if (c.pos == c.limit && !more()) {
                    if (len == 0 && !started) {
                        throw new TransportException(Kind.CLOSED,
                                "connection closed before a response");
                    }
                    if (len == 0) {
                        return -1;
                    }
                    throw truncated();
                }
                started = true;
                byte b = c.buffer[c.pos++];
                if (b == '\n') {
                    return len > 0 && c.line[len - 1] == '\r' ? len - 1 : len;
                }
                if (len == MAX_LINE) {
                    throw new TransportException(Kind.TOO_LARGE,
                            "a line longer than " + MAX_LINE + " bytes");
                }
                c.line[len++] = b;
            }
        }

        private TransportException truncated() {
            return new TransportException(Kind.TRUNCATED,
                    "connection closed before the response was complete");
        }

        /** Reads more bytes into the buffer; false at end of stream. */
        private boolean more() throws TransportException {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw timeout(null);
            }
            try {
                c.socket.setSoTimeout((int) Math.max(1,
                        Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(remaining))));
                int n = c.in.read(c.buffer, 0, c.buffer.length);
                if (n < 0) {
                    return false;
                }
                c.pos = 0;
                c.limit = n;
                return true;
            } catch (SocketTimeoutException e) {
                throw timeout(e);
            } catch (IOException e) {
                if (call.cancelled() || closed) {
                    throw cancelled(e);
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw timeout(e); // the TLS watchdog closed it at the deadline
                }
                if (!started) {
                    throw new TransportException(Kind.CLOSED,
                            "connection reset before a response", false, e);
                }
                throw new TransportException(Kind.TRUNCATED,
                        "connection reset before the response was complete", false, e);
            }
        }

        private TransportException timeout(IOException cause) {
            if (call.cancelled() || closed) {
                return cancelled(cause);
            }
            return new TransportException(Kind.TIMEOUT, started
                    ? "the response was not complete in time" : "no response in time",
                    cappedByCall, true, started, cause);
        }
    }

    private static boolean startsWith(byte[] b, String prefix) {
        for (int i = 0; i < prefix.length(); i++) {
            if (b[i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] b, int len, byte x) {
        for (int i = 0; i < len; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }

    /**
     * Closes every connection, idle or in use; exchanges in flight and callers waiting for a
     * connection fail as cancelled.
     */
    @Override
    public void close() {
        closed = true;
        synchronized (pool) {
            idle.clear();
            for (CompletableFuture<Connection> w = waiters.pollFirst(); w != null;
                    w = waiters.pollFirst()) {
                w.cancel(false);
            }
        }
        for (Connection c : open) {
            close(c);
        }
    }

    /** The number of sockets open now, idle or in use; for tests of resource use. */
    int openConnections() {
        return open.size();
    }

    /** The most sockets that were open at once; for tests of the connection bound. */
    int peakConnections() {
        return peakOpen.get();
    }

    /** The number of idle connections kept for reuse; for tests of the pool. */
    int idleConnections() {
        synchronized (pool) {
            return idle.size();
        }
    }

    /** A socket with its streams and read buffer. */
    private static final class Connection implements Closeable {
        /** The TCP socket; for https, the one under {@link #socket}. */
        final Socket raw;
        Socket socket;
        InputStream in;
        OutputStream out;
        final byte[] buffer = new byte[8192];
        final byte[] line = new byte[MAX_LINE];
        int pos;
        int limit;
        long idleSince;

        Connection(Socket socket) {
            this.raw = socket;
            this.socket = socket;
        }

        void upgrade(SSLSocketFactory factory, String host, int port, int timeoutMillis)
                throws IOException {
            SSLSocket s = (SSLSocket) factory.createSocket(socket, host, port, true);
            SSLParameters params = s.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            s.setSSLParameters(params);
            s.setSoTimeout(timeoutMillis);
            socket = s;
            s.startHandshake();
        }

        void streams() throws IOException {
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        /**
         * Whether nothing is waiting to be read: no leftover and nothing the server pushed. Over
         * https the TLS stream counts only bytes already decrypted, so the TCP socket under it
         * is asked too.
         */
        boolean quiet() {
            try {
                return pos == limit && in.available() == 0
                        && (raw == socket || raw.getInputStream().available() == 0);
            } catch (IOException e) {
                return false;
            }
        }

        /**
         * Closes the connection. The TCP socket goes first: closing a TLS socket while another
         * thread reads it can wait for that reader, and closing the socket under it wakes it.
         */
        @Override
        public void close() {
            if (socket == null) {
                return;
            }
            try {
                raw.close();
                if (socket != raw) {
                    socket.close();
                }
            } catch (IOException e) {
                // already broken: nothing to release
            }
        }
    }
}
