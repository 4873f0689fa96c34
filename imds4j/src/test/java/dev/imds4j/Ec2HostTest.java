/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** EC2 host detection, from /sys trees written as real hosts of each kind show them. */
final class Ec2HostTest {
    @TempDir
    Path root;

    static Stream<Arguments> hosts() {
        return Stream.of(
                // Nitro (m5.large): everything says Amazon EC2, the asset tag is the instance id
                host("nitro", Ec2Host.Kind.EC2, "sys_vendor",
                        "sys/class/dmi/id/sys_vendor", "Amazon EC2\n",
                        "sys/class/dmi/id/bios_vendor", "Amazon EC2\n",
                        "sys/class/dmi/id/board_asset_tag", "i-0af01c0123456789a\n"),
                // a container that sees the host's DMI only partly
                host("bios vendor only", Ec2Host.Kind.EC2, "bios_vendor",
                        "sys/class/dmi/id/bios_vendor", "Amazon EC2\n"),
                host("asset tag only", Ec2Host.Kind.EC2, "board_asset_tag",
                        "sys/class/dmi/id/sys_vendor", "\n",
                        "sys/class/dmi/id/board_asset_tag", "i-0123abcd\n"),
                // Xen HVM (t2, m4): vendor Xen, hypervisor uuid and bios version mark Amazon
                host("xen hypervisor uuid", Ec2Host.Kind.EC2, "hypervisor",
                        "sys/class/dmi/id/sys_vendor", "Xen\n",
                        "sys/hypervisor/uuid", "ec2e1916-9099-7caf-fd21-012345abcdef\n"),
                host("xen bios version", Ec2Host.Kind.EC2, "bios_version",
                        "sys/class/dmi/id/sys_vendor", "Xen\n",
                        "sys/class/dmi/id/bios_version", "4.11.amazon\n"),
                host("product uuid big-endian", Ec2Host.Kind.EC2, "product_uuid",
                        "sys/class/dmi/id/sys_vendor", "Xen\n",
                        "sys/class/dmi/id/product_uuid", "EC2E1916-9099-7CAF-FD21-012345ABCDEF\n"),
                host("product uuid little-endian", Ec2Host.Kind.EC2, "product_uuid",
                        "sys/class/dmi/id/sys_vendor", "Xen\n",
                        "sys/class/dmi/id/product_uuid", "45E12AEC-DCD1-B213-94ED-012345ABCDEF\n"),
                // other clouds and machines
                host("qemu", Ec2Host.Kind.NOT_EC2, "QEMU",
                        "sys/class/dmi/id/sys_vendor", "QEMU\n",
                        "sys/class/dmi/id/bios_vendor", "SeaBIOS\n"),
                host("laptop", Ec2Host.Kind.NOT_EC2, "LENOVO",
                        "sys/class/dmi/id/sys_vendor", "LENOVO\n",
                        "sys/class/dmi/id/board_asset_tag", "Not Available\n",
                        "sys/class/dmi/id/product_uuid", "4c4c4544-0042-3510-8052-b4c04f384d32\n"),
                host("qemu whose random uuid starts with ec2", Ec2Host.Kind.NOT_EC2, "QEMU",
                        "sys/class/dmi/id/sys_vendor", "QEMU\n",
                        "sys/class/dmi/id/product_uuid", "ec2a91f0-1234-5678-9abc-def012345678\n",
                        "sys/hypervisor/uuid", "ec2a91f0-1234-5678-9abc-def012345678\n"),
                host("google", Ec2Host.Kind.NOT_EC2, "Google",
                        "sys/class/dmi/id/sys_vendor", "Google\n",
                        "sys/class/dmi/id/board_asset_tag", "i-notanid\n"),
                // no signature either way
                host("no sys", Ec2Host.Kind.UNKNOWN, "no DMI"),
                host("xen without mark", Ec2Host.Kind.UNKNOWN, "Xen",
                        "sys/class/dmi/id/sys_vendor", "Xen\n",
                        "sys/class/dmi/id/bios_version", "4.2\n"));
    }

    private static Arguments host(String name, Ec2Host.Kind kind, String evidence,
            String... files) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < files.length; i += 2) {
            map.put(files[i], files[i + 1]);
        }
        return Arguments.of(name, kind, evidence, map);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hosts")
    void inspect_hostSignature_decides(String name, Ec2Host.Kind kind, String evidence,
            Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = root.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
        }

        Ec2Host host = Ec2Host.inspect(root);

        assertThat(host.kind()).as(name).isEqualTo(kind);
        assertThat(host.evidence()).contains(evidence);
        assertThat(host.toString()).contains(kind.name());
    }

    @Test
    void inspect_unreadableUuid_isSkipped() throws IOException {
        Path uuid = root.resolve("sys/class/dmi/id/product_uuid");
        Files.createDirectories(uuid); // a directory where a file is expected reads as absent
        Files.writeString(root.resolve("sys/class/dmi/id/sys_vendor"), "QEMU\n");

        assertThat(Ec2Host.inspect(root).kind()).isEqualTo(Ec2Host.Kind.NOT_EC2);
    }

    @Test
    void inspect_hostileVendor_isEscapedInEvidence() throws IOException {
        Path vendor = root.resolve("sys/class/dmi/id/sys_vendor");
        Files.createDirectories(vendor.getParent());
        Files.writeString(vendor, "Evil\u001b[2J Corp\n");

        assertThat(Ec2Host.inspect(root).evidence()).doesNotContain("\u001b")
                .contains("\\x1b");
    }

    @Test
    void inspect_fifoInsteadOfAFile_readsAsAbsent_doesNotBlock() throws Exception {
        Path dmi = root.resolve("sys/class/dmi/id");
        Files.createDirectories(dmi);
        Path fifo = dmi.resolve("sys_vendor");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mk.waitFor(10, TimeUnit.SECONDS)).as("mkfifo within 10 s").isTrue();
        assertThat(mk.exitValue()).as("mkfifo's exit code").isZero();
        assertThat(fifo).exists();
        assertThat(Files.isRegularFile(fifo)).as("a regular file").isFalse();

        // opening a FIFO with no writer blocks in the kernel, where no interrupt reaches: run
        // it where a hang is a failure, not a stuck build
        CompletableFuture<Ec2Host> inspected = CompletableFuture.supplyAsync(
                () -> Ec2Host.inspect(root));
        assertThat(inspected.get(10, TimeUnit.SECONDS).kind()).as("inspected within 10 s")
                .isEqualTo(Ec2Host.Kind.UNKNOWN);
    }

    @Test
    void current_isCachedForTheProcess() {
        assertThat(Ec2Host.current()).isSameAs(Ec2Host.current());
    }
}
