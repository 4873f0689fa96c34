/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Whether this host is an EC2 instance, decided from its own firmware and hypervisor signature
 * without sending anything: the tri-state answer integrations use to cost nothing off EC2.
 *
 * <p>Linux exposes what the hypervisor tells the guest under {@code /sys}. The host is
 * {@linkplain Kind#EC2 EC2} when any of these hold (AWS, "Detect whether a host is an EC2
 * instance"):
 * <ul>
 *   <li>{@code /sys/class/dmi/id/sys_vendor} or {@code bios_vendor} is {@code Amazon EC2}
 *       (Nitro and bare metal);
 *   <li>{@code /sys/class/dmi/id/board_asset_tag} is an instance id, {@code i-} and hex digits
 *       (Nitro);
 *   <li>{@code /sys/hypervisor/uuid} starts with {@code ec2} (Xen), or {@code
 *       /sys/class/dmi/id/product_uuid} (when readable, usually by root only) starts with
 *       {@code ec2} in either byte order;
 *   <li>{@code /sys/class/dmi/id/bios_version} ends with {@code .amazon} (Xen HVM).
 * </ul>
 * It is {@linkplain Kind#NOT_EC2 not EC2} when the DMI data is there, names another vendor
 * ({@code QEMU}, {@code VMware, Inc.}, a laptop's maker) and none of the above holds. A Xen
 * guest without an Amazon mark stays {@linkplain Kind#UNKNOWN unknown}, as does every host
 * without DMI data: containers that hide {@code /sys}, macOS, Windows, and micro-VMs.
 *
 * <p>The client uses the answer: on {@code NOT_EC2}, with no endpoint configured, requests fail
 * at once without a packet; on {@code EC2}, refused connections and connect timeouts are
 * retried like other transient failures. An explicitly configured endpoint always wins.
 *
 * <p>Immutable and thread-safe. {@link #current()} reads {@code /sys} once per process (a few
 * small files, well under a millisecond).
 *
 * <pre>{@code
 * if (Ec2Host.current().kind() == Ec2Host.Kind.NOT_EC2) {
 *     return Resource.empty();   // no IMDS here: do not even try
 * }
 * }</pre>
 */
public final class Ec2Host {
    /** The three answers. */
    public enum Kind {
        /** The host carries an EC2 signature. */
        EC2,
        /** The host carries another vendor's signature and no EC2 one. */
        NOT_EC2,
        /** The host shows no signature either way. */
        UNKNOWN
    }

    private static final String DMI = "sys/class/dmi/id/";
    private static final int MAX_READ = 256;

    private final Kind kind;
    private final String evidence;

    private Ec2Host(Kind kind, String evidence) {
        this.kind = kind;
        this.evidence = evidence;
    }

    /** Holds the process's answer, computed on first use. */
    private static final class Current {
        static final Ec2Host HOST = inspect(Path.of("/"));
    }

    /**
     * Returns this host's answer, read from {@code /sys} on the first call and cached for the
     * life of the process.
     *
     * @return the answer for this host
     */
    public static Ec2Host current() {
        return Current.HOST;
    }

    /**
     * Inspects the files below {@code root} as if it were {@code /}; not cached. For tests and
     * for tools that look at a mounted image.
     *
     * @param root the directory that holds {@code sys/}
     * @return the answer for that tree
     */
    public static Ec2Host inspect(Path root) {
        Objects.requireNonNull(root, "root");
        String sysVendor = read(root, DMI + "sys_vendor");
        String biosVendor = read(root, DMI + "bios_vendor");
        if ("Amazon EC2".equals(sysVendor)) {
            return new Ec2Host(Kind.EC2, "/" + DMI + "sys_vendor is 'Amazon EC2'");
        }
        if ("Amazon EC2".equals(biosVendor)) {
            return new Ec2Host(Kind.EC2, "/" + DMI + "bios_vendor is 'Amazon EC2'");
        }
        String assetTag = read(root, DMI + "board_asset_tag");
        if (isInstanceId(assetTag)) {
            return new Ec2Host(Kind.EC2, "/" + DMI + "board_asset_tag is an instance id");
        }
        // A UUID starts with "ec2" by chance 2 times in 4096: trust it only where the vendor
        // does not already name someone else (Xen, or no vendor at all).
        boolean vendorOpen = sysVendor == null || sysVendor.isEmpty()
                || sysVendor.equalsIgnoreCase("Xen");
        String hypervisor = vendorOpen ? read(root, "sys/hypervisor/uuid") : null;
        if (startsWithEc2(hypervisor)) {
            return new Ec2Host(Kind.EC2, "/sys/hypervisor/uuid starts with 'ec2'");
        }
        String uuid = vendorOpen ? read(root, DMI + "product_uuid") : null;
        if (startsWithEc2(uuid) || (uuid != null && uuid.length() >= 8
                && startsWithEc2(uuid.substring(6, 8) + uuid.substring(4, 6)))) {
            return new Ec2Host(Kind.EC2, "/" + DMI + "product_uuid starts with 'ec2'");
        }
        String biosVersion = read(root, DMI + "bios_version");
        if (biosVersion != null && biosVersion.toLowerCase(Locale.ROOT).endsWith(".amazon")) {
            return new Ec2Host(Kind.EC2, "/" + DMI + "bios_version ends with '.amazon'");
        }
        if (sysVendor == null || sysVendor.isEmpty()) {
            return new Ec2Host(Kind.UNKNOWN, "no DMI vendor under /" + DMI);
        }
        if (sysVendor.equalsIgnoreCase("Xen")) {
            return new Ec2Host(Kind.UNKNOWN, "/" + DMI + "sys_vendor is 'Xen' with no Amazon "
                    + "mark");
        }
        return new Ec2Host(Kind.NOT_EC2, "/" + DMI + "sys_vendor is '"
                + ConfigResolver.printable(sysVendor) + "'");
    }

    /**
     * Returns the answer.
     *
     * @return EC2, not EC2, or unknown
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Returns what decided the answer, for messages and diagnostics.
     *
     * @return such as {@code /sys/class/dmi/id/sys_vendor is 'Amazon EC2'}
     */
    public String evidence() {
        return evidence;
    }

    @Override
    public String toString() {
        return "Ec2Host[" + kind + ": " + evidence + "]";
    }

    /** {@code i-} and 8 or 17 lowercase hex digits, checked without regex (start-up). */
    private static boolean isInstanceId(String s) {
        if (s == null || (s.length() != 10 && s.length() != 19) || !s.startsWith("i-")) {
            return false;
        }
        for (int i = 2; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWithEc2(String s) {
        return s != null && s.regionMatches(true, 0, "ec2", 0, 3);
    }

    /**
     * The file's first line, trimmed; null when it is missing, unreadable or not a regular file
     * (a FIFO would block the read).
     */
    private static String read(Path root, String relative) {
        Path file = root.resolve(relative);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (InputStream in = new FileInputStream(file.toFile())) { // no channel classes
            byte[] b = in.readNBytes(MAX_READ);
            String s = new String(b, StandardCharsets.US_ASCII);
            int nl = s.indexOf('\n');
            return (nl >= 0 ? s.substring(0, nl) : s).strip();
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return null;
        }
    }
}
