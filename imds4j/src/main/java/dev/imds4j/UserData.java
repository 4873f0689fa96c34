/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * User data, {@code /latest/user-data}: the exact bytes, and a decompressed view when they are
 * gzip (cloud-init accepts gzip, and the 16 KiB limit pushes users to it). Immutable.
 * {@link #toString()} shows only the size, since user data often holds secrets.
 */
public final class UserData {
    /** Decompressed user data is refused beyond this; 16 KiB of gzip rarely exceeds 1 MiB. */
    static final int MAX_DECOMPRESSED = 16 << 20;

    private final byte[] bytes;

    UserData(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    /**
     * Returns the bytes as served.
     *
     * @return a copy
     */
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * Tells whether the bytes are gzip (they start with the gzip magic number).
     *
     * @return true for gzip
     */
    public boolean gzipped() {
        return bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
    }

    /**
     * Returns the content: the bytes decompressed when {@link #gzipped()}, else as served.
     *
     * @return a new array
     * @throws IOException if the gzip data is corrupt or inflates beyond 16 MiB
     */
    public byte[] decompressed() throws IOException {
        if (!gzipped()) {
            return bytes.clone();
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length * 4);
            byte[] buf = new byte[8192];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                if (out.size() + n > MAX_DECOMPRESSED) {
                    throw new IOException("user data inflates beyond " + MAX_DECOMPRESSED
                            + " bytes");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }

    /** Describes the size and whether it is gzip, never the content. */
    @Override
    public String toString() {
        return "UserData[" + bytes.length + " bytes" + (gzipped() ? ", gzip" : "") + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UserData u && Arrays.equals(bytes, u.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }
}
