/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A raw HTTP server for tests where the emulator cannot misbehave enough: each request (numbered
 * from 0 across connections) goes to a script that writes whatever bytes it likes and decides
 * whether the connection stays open. It counts connections as the server sees them (open now,
 * the most open at once, and those the client closed), and can stand for a server that accepts
 * slowly behind a small backlog, as a throttled IMDS does.
 */
public final class ScriptedServer implements AutoCloseable {
    /** A request as received, with when it arrived ({@link System#nanoTime()}). */
    public record Request(String method, String target, Map<String, String> headers,
            long arrivedNanos) {
        String header(String name) {
            return headers.get(name);
        }
    }

    /** Answers request number {@code index}; returns false to close the connection. */
    public interface Script {
        boolean answer(int index, Request request, OutputStream out) throws IOException;
    }

    private final ServerSocket server;
    private final boolean tls;
    private final Script script;
    private final long acceptDelayMillis;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final AtomicInteger closedByClient = new AtomicInteger();
    private final AtomicInteger counter = new AtomicInteger();
    private final Thread acceptor;

    public ScriptedServer(Script script) throws IOException {
        this(script, 50, 0);
    }

    /**
     * A server with an accept queue of {@code backlog} that pauses {@code acceptDelayMillis}
     * after each accept: past the queue, the kernel drops new connection attempts.
     */
    public ScriptedServer(Script script, int backlog, long acceptDelayMillis) throws IOException {
        this(script, new ServerSocket(0, backlog, InetAddress.getLoopbackAddress()), false,
                acceptDelayMillis);
    }

    /** A server that speaks TLS with {@code context}'s key: {@link #endpoint()} is https. */
    public ScriptedServer(Script script, SSLContext context) throws IOException {
        this(script, context.getServerSocketFactory().createServerSocket(0, 50,
                InetAddress.getLoopbackAddress()), true, 0);
    }

    private ScriptedServer(Script script, ServerSocket server, boolean tls,
            long acceptDelayMillis) {
        this.server = server;
        this.tls = tls;
        this.script = script;
        this.acceptDelayMillis = acceptDelayMillis;
        this.acceptor = new Thread(this::accept, "scripted-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public URI endpoint() {
        return URI.create((tls ? "https" : "http") + "://127.0.0.1:" + server.getLocalPort());
    }

    public List<Request> requests() {
        return requests;
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** Connections open now, as the server sees them. */
    public int openConnections() {
        return open.get();
    }

    /** The most connections open at once. */
    public int peakConnections() {
        return peak.get();
    }

    /** Connections the client closed (the server read end of stream between requests). */
    public int closedByClient() {
        return closedByClient.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                if (server.isClosed()) {
                    s.close(); // accepted in the moment the listener was closing
                    return;
                }
                connections.incrementAndGet();
                peak.accumulateAndGet(open.incrementAndGet(), Math::max);
                sockets.add(s);
                Thread t = new Thread(() -> serve(s), "scripted-connection");
                t.setDaemon(true);
                t.start();
                if (acceptDelayMillis > 0) {
                    Thread.sleep(acceptDelayMillis);
                }
            } catch (IOException e) {
                return;
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            while (true) {
                String line = line(in);
                if (line == null) {
                    closedByClient.incrementAndGet();
                    return;
                }
                long arrived = System.nanoTime();
                String[] parts = line.split(" ");
                Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
                    int colon = h.indexOf(':');
                    headers.put(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
                }
                int length = Integer.parseInt(headers.getOrDefault("Content-Length", "0"));
                in.readNBytes(length);
                Request r = new Request(parts[0], parts[1], headers, arrived);
                requests.add(r);
                if (!script.answer(counter.getAndIncrement(), r, out)) {
                    return;
                }
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        } finally {
            open.decrementAndGet();
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c >= 0; c = in.read()) {
            if (c == '\n') {
                return b.toString(ISO_8859_1).replaceAll("\r$", "");
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(ISO_8859_1);
    }

    /** Writes a complete response with a Content-Length body. */
    public static void respond(OutputStream out, int status, String body, String... headerLines)
            throws IOException {
        byte[] b = body.getBytes(UTF_8);
        StringBuilder s = new StringBuilder("HTTP/1.1 " + status + " X\r\n");
        for (String h : headerLines) {
            s.append(h).append("\r\n");
        }
        s.append("Content-Length: ").append(b.length).append("\r\n\r\n");
        out.write(s.toString().getBytes(ISO_8859_1));
        out.write(b);
        out.flush();
    }

    /** A script for the usual happy path: a token, then {@code value} for every GET. */
    public static Script imds(String value) {
        return (i, r, out) -> {
            if (r.method().equals("PUT")) {
                respond(out, 200, "test-token-" + i,
                        "X-aws-ec2-metadata-token-ttl-seconds: 21600");
            } else {
                respond(out, 200, value);
            }
            return true;
        };
    }

    /**
     * Stops accepting: new connections are refused once this returns; open ones stay as they
     * are. ServerSocket.close() returns while the kernel may still accept for a blocked accept
     * call, so this waits for the accepting thread to end.
     */
    public void stopListening() throws IOException {
        server.close();
        try {
            acceptor.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (acceptor.isAlive()) {
            throw new IOException("the accepting thread did not stop within 10 s");
        }
    }

    /** Closes every connection the server holds, as a server that went away would. */
    public void dropConnections() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
