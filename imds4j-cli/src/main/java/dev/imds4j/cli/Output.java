/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * Standard output that remembers why a write failed. {@link PrintStream} swallows write errors
 * and keeps only a flag ({@link #checkError()}); the command needs the reason too, to tell a
 * full disk or a closed descriptor from a reader that went away. {@link #check(PrintStream)}
 * turns a failed write into an {@link OutputException}. Buffered; the command flushes where a
 * reader waits for a line.
 */
final class Output extends PrintStream {
    private final Recorder recorder;

    Output(OutputStream out, Charset charset) {
        this(new Recorder(out), charset);
    }

    private Output(Recorder recorder, Charset charset) {
        super(new BufferedOutputStream(recorder, 8192), false, charset);
        this.recorder = recorder;
    }

    /**
     * Fails the command when a write to {@code out} has failed: flushes it, and throws with the
     * reason when {@code out} is an {@code Output}.
     *
     * @throws OutputException if a write failed
     */
    static void check(PrintStream out) {
        if (out.checkError()) {
            IOException failure = out instanceof Output o ? o.recorder.failure : null;
            throw new OutputException(failure);
        }
    }

    /** Passes writes through and keeps the first exception one threw. */
    private static final class Recorder extends FilterOutputStream {
        private volatile IOException failure;

        Recorder(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw keep(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw keep(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw keep(e);
            }
        }

        private IOException keep(IOException e) {
            if (failure == null) {
                failure = e;
            }
            return e;
        }
    }
}
