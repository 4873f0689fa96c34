/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.emulator;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A deliberately small HTTP/1.1 client over one socket, so that emulator tests see exactly what
 * went over the wire: no proxy, no silent retry, no pooling, truncation and silence visible.
 */
final class RawHttp implements AutoCloseable {
    /** What came back: a status of 0 means none arrived. */
    record Response(int status, Map<String, String> headers, byte[] body, Outcome outcome) {
        String text() {
            return new String(body, UTF_8);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    enum Outcome { COMPLETE, CLOSED_BEFORE_STATUS, TRUNCATED, TIMED_OUT }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String host;

    RawHttp(URI endpoint, Duration readTimeout) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), 2000);
        socket.setSoTimeout((int) readTimeout.toMillis());
        in = socket.getInputStream();
        out = socket.getOutputStream();
        host = endpoint.getHost() + ":" + endpoint.getPort();
    }

    /** One request on a new connection, closed afterwards; a 5 s read timeout. */
    static Response once(URI endpoint, String method, String path, String... headerPairs)
            throws IOException {
        try (RawHttp http = new RawHttp(endpoint, Duration.ofSeconds(5))) {
            return http.send(method, path, headerPairs);
        }
    }

    /** A token from the emulator, asking for {@code ttlSeconds}. */
    static String token(URI endpoint, int ttlSeconds) throws IOException {
        Response r = once(endpoint, "PUT", ImdsEmulator.TOKEN_PATH,
                "X-aws-ec2-metadata-token-ttl-seconds", Integer.toString(ttlSeconds));
        if (r.status() != 200) {
            throw new IOException("token PUT answered " + r.status());
        }
        return r.text();
    }

    /** A GET with a token, on a new connection. */
    static Response get(URI endpoint, String path, String token) throws IOException {
        return once(endpoint, "GET", path, "X-aws-ec2-metadata-token", token);
    }

    /** Sends one request on this connection (header name, value, name, value...). */
    Response send(String method, String path, String... headerPairs) throws IOException {
        StringBuilder request = new StringBuilder();
        request.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        request.append("Host: ").append(host).append("\r\n");
        for (int i = 0; i < headerPairs.length; i += 2) {
            request.append(headerPairs[i]).append(": ").append(headerPairs[i + 1]).append("\r\n");
        }
        if (method.equals("PUT") || method.equals("POST")) {
            request.append("Content-Length: 0\r\n");
        }
        request.append("\r\n");
        out.write(request.toString().getBytes(ISO_8859_1));
        out.flush();
        return read(method.equals("HEAD"));
    }

    private Response read(boolean head) throws IOException {
        String statusLine;
        try {
            statusLine = line();
        } catch (SocketTimeoutException e) {
            return new Response(0, Map.of(), new byte[0], Outcome.TIMED_OUT);
        }
        if (statusLine == null) {
            return new Response(0, Map.of(), new byte[0], Outcome.CLOSED_BEFORE_STATUS);
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h = line(); h != null && !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    h.substring(colon + 1).trim());
        }
        String length = headers.get("content-length");
        int expected = head || length == null ? 0 : Integer.parseInt(length);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            while (body.size() < expected) {
                int n = in.read(buf, 0, Math.min(buf.length, expected - body.size()));
                if (n < 0) {
                    return new Response(status, headers, body.toByteArray(), Outcome.TRUNCATED);
                }
                body.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            return new Response(status, headers, body.toByteArray(), Outcome.TIMED_OUT);
        }
        return new Response(status, headers, body.toByteArray(), Outcome.COMPLETE);
    }

    /** Reads a CRLF-terminated line; null at end of stream before any byte. */
    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String s = b.toString(ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(ISO_8859_1);
    }

    /** True when the server has closed this connection (reads end of stream). */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
