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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A deliberately small HTTP/1.1 client for one endpoint: the subset IMDS needs, with every limit
 * explicit.
 *
 * <p>Why not {@code HttpURLConnection} or {@code java.net.http.HttpClient}: this one never
 * consults a proxy, never follows a redirect, never replays a request behind the caller's back
 * (except once on a kept-alive connection the server had already closed), never logs a header,
 * bounds every read by the request's deadline (so a server that drips one byte at a time cannot
 * hold it), and caps the status line, headers and body. It starts as fast as {@code
 * HttpURLConnection} and keeps connections alive in a small pool.
 *
 * <p>Thread-safe: each exchange uses a connection of its own.
 */
final class HttpTransport implements AutoCloseable {
    static final String TOKEN_HEADER = "X-aws-ec2-metadata-token";
    static final String TTL_HEADER = "X-aws-ec2-metadata-token-ttl-seconds";
    static final int MAX_LINE = 8 * 1024;
    static final int MAX_HEADER_BYTES = 64 * 1024;
    static final int MAX_HEADERS = 100;
    private static final int MAX_IDLE = 16;
    private static final long IDLE_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** An answer: status, the token TTL header if any, and the body. */
    static final class Response {
        final int status;
        final String ttlHeader;
        final byte[] body;

        Response(int status, String ttlHeader, byte[] body) {
            this.status = status;
            this.ttlHeader = ttlHeader;
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
    private final ArrayDeque<Connection> idle = new ArrayDeque<>();
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    HttpTransport(URI endpoint, SSLSocketFactory tls, long connectMillis, long readNanos,
            String userAgent) {
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
     * @throws TransportException classified by {@link Kind}
     */
    Response execute(String method, String target, String headerName, String headerValue,
            int maxBody, Call call) throws TransportException {
        byte[] request = request(method, target, headerName, headerValue);
        Connection c = checkout();
        if (c == null) {
            return exchange(connect(call), request, maxBody, call);
        }
        try {
            return exchange(c, request, maxBody, call);
        } catch (TransportException e) {
            if (e.kind() != Kind.CLOSED || call.cancelled()) {
                throw e;
            }
            // The server closed this kept-alive connection while it sat in the pool; the request
            // never reached it. Send it once more on a new connection.
            return exchange(connect(call), request, maxBody, call);
        }
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

    private Connection checkout() {
        long now = System.nanoTime();
        synchronized (idle) {
            for (Connection c = idle.pollLast(); c != null; c = idle.pollLast()) {
                if (now - c.idleSince < IDLE_LIMIT_NANOS) {
                    return c;
                }
                discard(c);
            }
        }
        return null;
    }

    private void checkin(Connection c) {
        c.idleSince = System.nanoTime();
        synchronized (idle) {
            if (!closed && idle.size() < MAX_IDLE) {
                idle.addLast(c);
                return;
            }
        }
        discard(c);
    }

    private void discard(Connection c) {
        open.remove(c);
        c.close();
    }

    private Connection connect(Call call) throws TransportException {
        if (closed || call.cancelled()) {
            throw cancelled(null);
        }
        long remainingMillis = TimeUnit.NANOSECONDS.toMillis(call.remainingNanos());
        if (remainingMillis <= 0) {
            throw new TransportException(Kind.TIMEOUT, "no time left to connect", true, null);
        }
        int timeout = (int) Math.min(connectMillis, remainingMillis);
        Socket socket = new Socket(Proxy.NO_PROXY);
        Connection c = new Connection(socket);
        open.add(c);
        call.attach(c);
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), timeout);
            if (tls != null) {
                c.upgrade(tls, host, port, timeout);
            }
            c.streams();
            return c;
        } catch (SocketTimeoutException e) {
            discard(c);
            throw new TransportException(Kind.CONNECT_TIMEOUT, "connect timed out after "
                    + timeout + " ms", timeout < connectMillis, e);
        } catch (ConnectException | NoRouteToHostException | UnknownHostException e) {
            discard(c);
            throw new TransportException(Kind.CONNECT_FAILED, describe(e), false, e);
        } catch (SSLException e) {
            discard(c);
            throw new TransportException(Kind.TLS, "TLS handshake failed: " + e.getMessage(),
                    false, e);
        } catch (IOException e) {
            discard(c);
            if (call.cancelled() || closed) {
                throw cancelled(e);
            }
            throw new TransportException(Kind.CONNECT_FAILED, describe(e), false, e);
        } finally {
            call.detach();
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

    private Response exchange(Connection c, byte[] request, int maxBody, Call call)
            throws TransportException {
        call.attach(c);
        boolean reusable = false;
        try {
            long now = System.nanoTime();
            boolean cappedByCall = call.deadlineNanos() - now <= readNanos;
            long deadline = cappedByCall ? call.deadlineNanos() : now + readNanos;
            try {
                c.out.write(request);
                c.out.flush();
            } catch (IOException e) {
                throw failure(Kind.CLOSED, "connection closed while sending", e, call, false);
            }
            ResponseReader reader = new ResponseReader(c, deadline, cappedByCall, call, maxBody);
            Response response = reader.read();
            reusable = reader.reusable;
            return response;
        } finally {
            call.detach();
            if (reusable) {
                checkin(c);
            } else {
                discard(c);
            }
        }
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
            int headers = 0;
            int headerBytes = 0;
            for (int len = line(); len > 0; len = line()) {
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
                    close |= v.toLowerCase(java.util.Locale.ROOT).contains("close");
                } else if (nameIs(colon, "x-aws-ec2-metadata-token-ttl-seconds")) {
                    ttl = to - from > 32 ? "(too long)"
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
            return new Response(status, ttl, body);
        }

        private void skipHeaders() throws TransportException {
            int total = 0;
            for (int len = line(); len > 0; len = line()) {
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
                    cappedByCall, cause);
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

    /** Closes every connection, idle or in use; exchanges in flight fail as cancelled. */
    @Override
    public void close() {
        closed = true;
        synchronized (idle) {
            idle.clear();
        }
        for (Connection c : open) {
            discard(c);
        }
    }

    /** Whether no connection is open; for tests of resource use. */
    int openConnections() {
        return open.size();
    }

    /** A socket with its streams and read buffer. */
    private static final class Connection implements Closeable {
        Socket socket;
        InputStream in;
        OutputStream out;
        final byte[] buffer = new byte[8192];
        final byte[] line = new byte[MAX_LINE];
        int pos;
        int limit;
        long idleSince;

        Connection(Socket socket) {
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

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // already broken: nothing to release
            }
        }
    }
}
