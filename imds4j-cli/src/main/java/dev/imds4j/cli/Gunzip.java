/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses gzip user data strictly (RFC 1952), for {@code user-data --decompress}: one or
 * more members, each checked against its CRC-32 and length, then nothing but zero bytes (the
 * padding gzip(1) and Python ignore). Anything else after the gzip data is refused rather than
 * dropped, as {@code java.util.zip.GZIPInputStream} would drop it: cloud-init, which reads user
 * data with Python, does not decompress such data either. Every failure is an {@link
 * IOException} saying, in our words, that the user data is not valid gzip and why, or that it
 * inflates beyond {@link #MAX_SIZE}.
 */
final class Gunzip {
    /** What the decompressed data may grow to, as the client allows: 16 MiB. */
    static final int MAX_SIZE = 16 << 20;

    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;

    private Gunzip() {}

    /** Whether the bytes start with the gzip magic number. */
    static boolean isGzip(byte[] data) {
        return data.length >= 2 && (data[0] & 0xff) == 0x1f && (data[1] & 0xff) == 0x8b;
    }

    static byte[] decompress(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length * 4);
        int at = 0;
        do {
            at = member(data, at, out);
        } while (at + 1 < data.length && isGzip(data, at));
        for (int i = at; i < data.length; i++) {
            if (data[i] != 0) {
                throw invalid("it has " + (data.length - at) + " bytes after its gzip data "
                        + "that are not gzip; refusing to drop them (cloud-init would not "
                        + "decompress it either)");
            }
        }
        return out.toByteArray();
    }

    private static boolean isGzip(byte[] data, int at) {
        return (data[at] & 0xff) == 0x1f && (data[at + 1] & 0xff) == 0x8b;
    }

    /** Inflates the member at {@code at} into {@code out}; returns where the next starts. */
    private static int member(byte[] data, int at, ByteArrayOutputStream out) throws IOException {
        int i = at;
        need(data, i, 10);
        if (!isGzip(data, i) || (data[i + 2] & 0xff) != 8) {
            throw invalid("no gzip header (with deflate compression) at byte " + at);
        }
        int flags = data[i + 3] & 0xff;
        if ((flags & 0xe0) != 0) {
            throw invalid("its gzip header at byte " + at + " has reserved flags set");
        }
        i += 10;
        if ((flags & FEXTRA) != 0) {
            need(data, i, 2);
            i += 2 + ((data[i] & 0xff) | (data[i + 1] & 0xff) << 8);
        }
        if ((flags & FNAME) != 0) {
            i = afterZero(data, i);
        }
        if ((flags & FCOMMENT) != 0) {
            i = afterZero(data, i);
        }
        if ((flags & FHCRC) != 0) {
            i += 2;
        }
        need(data, i, 0);
        Inflater inflater = new Inflater(true);
        CRC32 crc = new CRC32();
        long size = 0;
        try {
            inflater.setInput(data, i, data.length - i);
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw truncated();
                }
                if (out.size() + n > MAX_SIZE) {
                    throw new IOException("the user data inflates beyond " + MAX_SIZE
                            + " bytes (16 MiB), more than user data can be; not printing it");
                }
                out.write(buffer, 0, n);
                crc.update(buffer, 0, n);
                size += n;
            }
            i = data.length - inflater.getRemaining();
        } catch (DataFormatException e) {
            throw invalid("the compressed data of its member at byte " + at + " is corrupt ("
                    + Text.controls(String.valueOf(e.getMessage())) + ")");
        } finally {
            inflater.end();
        }
        need(data, i, 8);
        if (le32(data, i) != crc.getValue()) {
            throw invalid("its CRC-32 does not match its content (corrupt)");
        }
        if (le32(data, i + 4) != (size & 0xffffffffL)) {
            throw invalid("its length field does not match its content (corrupt)");
        }
        return i + 8;
    }

    private static int afterZero(byte[] data, int from) throws IOException {
        for (int i = from; i < data.length; i++) {
            if (data[i] == 0) {
                return i + 1;
            }
        }
        throw truncated();
    }

    private static void need(byte[] data, int at, int count) throws IOException {
        if (at + count > data.length || (count == 0 && at >= data.length)) {
            throw truncated();
        }
    }

    private static long le32(byte[] data, int at) {
        return (data[at] & 0xffL) | (data[at + 1] & 0xffL) << 8 | (data[at + 2] & 0xffL) << 16
                | (data[at + 3] & 0xffL) << 24;
    }

    private static IOException truncated() {
        return invalid("it ends before its gzip data does (truncated?)");
    }

    private static IOException invalid(String why) {
        return new IOException("the user data is not valid gzip: " + why);
    }
}
