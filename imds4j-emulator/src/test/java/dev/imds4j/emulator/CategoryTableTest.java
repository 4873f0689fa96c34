/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every row of AWS's "Instance metadata categories" and "Dynamic data categories" tables (EC2
 * user guide), plus user data: served by the default instance, or one switch (a feature or a
 * scenario) away, and absent from the dated versions before the one the table gives.
 */
@Timeout(60)
final class CategoryTableTest {
    private static final String MD = "meta-data/";
    private static final String MAC = MD + "network/interfaces/macs/0e:49:61:0f:c3:11/";
    private static final Instant T0 = EmulatorFixture.T0;

    /**
     * A table row: a concrete path for the category, the version the table gives, and what
     * makes the instance serve it (nothing, for the default instance).
     */
    record Row(String category, String path, String since, Consumer<ImdsEmulator> enable) {
        @Override
        public String toString() {
            return category;
        }
    }

    private static Row row(String category, String path, String since) {
        return new Row(category, path, since, null);
    }

    private static Row row(String category, String path, String since, InstanceFeature f) {
        return new Row(category, path, since, e -> e.feature(f, true));
    }

    static Stream<Row> table() {
        return Stream.of(
                row("ami-id", MD + "ami-id", "1.0"),
                row("ami-launch-index", MD + "ami-launch-index", "1.0"),
                row("ami-manifest-path", MD + "ami-manifest-path", "1.0"),
                row("ancestor-ami-ids", MD + "ancestor-ami-ids", "2007-10-10",
                        InstanceFeature.ANCESTOR_AMI_IDS),
                row("autoscaling/target-lifecycle-state",
                        MD + "autoscaling/target-lifecycle-state", "2021-07-15"),
                row("block-device-mapping/ami", MD + "block-device-mapping/ami", "2007-12-15"),
                row("block-device-mapping/ebsN", MD + "block-device-mapping/ebs1", "2007-12-15"),
                row("block-device-mapping/ephemeralN", MD + "block-device-mapping/ephemeral0",
                        "2007-12-15", InstanceFeature.INSTANCE_STORE),
                row("block-device-mapping/root", MD + "block-device-mapping/root", "2007-12-15"),
                row("block-device-mapping/swap", MD + "block-device-mapping/swap", "2007-12-15",
                        InstanceFeature.INSTANCE_STORE),
                row("elastic-gpus/associations/elastic-gpu-id",
                        MD + "elastic-gpus/associations/egpu-0f6d10dd0a5b54a3e", "2016-11-30",
                        InstanceFeature.ELASTIC_GPU),
                row("elastic-inference/associations/eia-id",
                        MD + "elastic-inference/associations/eia-0b7f1c8e2d3a4c5b6", "2018-11-29",
                        InstanceFeature.ELASTIC_INFERENCE),
                row("events/maintenance/history", MD + "events/maintenance/history",
                        "2018-08-17"),
                row("events/maintenance/scheduled", MD + "events/maintenance/scheduled",
                        "2018-08-17"),
                new Row("events/recommendations/rebalance",
                        MD + "events/recommendations/rebalance", "2020-11-04",
                        e -> e.scheduleRebalanceRecommendation(T0)),
                row("hostname", MD + "hostname", "1.0"),
                row("iam/info", MD + "iam/info", "2012-01-12"),
                row("iam/security-credentials/role-name",
                        MD + "iam/security-credentials/imds4j-demo-role", "2012-01-12"),
                row("identity-credentials/ec2/info", MD + "identity-credentials/ec2/info",
                        "2018-05-23"),
                row("identity-credentials/ec2/security-credentials/ec2-instance",
                        MD + "identity-credentials/ec2/security-credentials/ec2-instance",
                        "2018-05-23"),
                row("instance-action", MD + "instance-action", "2008-09-01"),
                row("instance-id", MD + "instance-id", "1.0"),
                row("instance-life-cycle", MD + "instance-life-cycle", "2019-10-01"),
                row("instance-type", MD + "instance-type", "2007-08-29"),
                row("ipv6", MD + "ipv6", "2021-01-03", InstanceFeature.IPV6),
                row("kernel-id", MD + "kernel-id", "2008-02-01",
                        InstanceFeature.KERNEL_AND_RAMDISK),
                row("local-hostname", MD + "local-hostname", "2007-01-19"),
                row("local-ipv4", MD + "local-ipv4", "1.0"),
                row("mac", MD + "mac", "2011-01-01"),
                row("metrics/vhostmd", MD + "metrics/vhostmd", "2011-05-01"),
                row("mac/device-number", MAC + "device-number", "2011-01-01"),
                row("mac/interface-id", MAC + "interface-id", "2011-01-01"),
                row("mac/ipv4-associations/public-ip", MAC + "ipv4-associations/203.0.113.25",
                        "2011-01-01"),
                row("mac/ipv6s", MAC + "ipv6s", "2016-06-30", InstanceFeature.IPV6),
                row("mac/local-hostname", MAC + "local-hostname", "2011-01-01"),
                row("mac/local-ipv4s", MAC + "local-ipv4s", "2011-01-01"),
                row("mac/mac", MAC + "mac", "2011-01-01"),
                row("mac/network-card-index", MAC + "network-card-index", "2020-11-01"),
                row("mac/owner-id", MAC + "owner-id", "2011-01-01"),
                row("mac/public-hostname", MAC + "public-hostname", "2011-01-01"),
                row("mac/public-ipv4s", MAC + "public-ipv4s", "2011-01-01"),
                row("mac/security-groups", MAC + "security-groups", "2011-01-01"),
                row("mac/security-group-ids", MAC + "security-group-ids", "2011-01-01"),
                row("mac/subnet-id", MAC + "subnet-id", "2011-01-01"),
                row("mac/subnet-ipv4-cidr-block", MAC + "subnet-ipv4-cidr-block", "2011-01-01"),
                row("mac/subnet-ipv6-cidr-blocks", MAC + "subnet-ipv6-cidr-blocks",
                        "2016-06-30", InstanceFeature.IPV6),
                row("mac/vpc-id", MAC + "vpc-id", "2011-01-01"),
                row("mac/vpc-ipv4-cidr-block", MAC + "vpc-ipv4-cidr-block", "2011-01-01"),
                row("mac/vpc-ipv4-cidr-blocks", MAC + "vpc-ipv4-cidr-blocks", "2016-06-30"),
                row("mac/vpc-ipv6-cidr-blocks", MAC + "vpc-ipv6-cidr-blocks", "2016-06-30",
                        InstanceFeature.IPV6),
                row("placement/availability-zone", MD + "placement/availability-zone",
                        "2008-02-01"),
                row("placement/availability-zone-id", MD + "placement/availability-zone-id",
                        "2020-08-24"),
                row("placement/group-name", MD + "placement/group-name", "2020-08-24",
                        InstanceFeature.PLACEMENT_GROUP),
                row("placement/host-id", MD + "placement/host-id", "2020-08-24",
                        InstanceFeature.DEDICATED_HOST),
                row("placement/partition-number", MD + "placement/partition-number",
                        "2020-08-24", InstanceFeature.PLACEMENT_GROUP),
                row("placement/region", MD + "placement/region", "2020-08-24"),
                row("product-codes", MD + "product-codes", "2007-03-01",
                        InstanceFeature.PRODUCT_CODES),
                row("public-hostname", MD + "public-hostname", "2007-01-19"),
                row("public-ipv4", MD + "public-ipv4", "2007-01-19"),
                row("public-keys/0/openssh-key", MD + "public-keys/0/openssh-key", "1.0"),
                row("ramdisk-id", MD + "ramdisk-id", "2007-10-10",
                        InstanceFeature.KERNEL_AND_RAMDISK),
                row("reservation-id", MD + "reservation-id", "1.0"),
                row("security-groups", MD + "security-groups", "1.0"),
                row("services/domain", MD + "services/domain", "2014-02-25"),
                row("services/partition", MD + "services/partition", "2015-10-20"),
                new Row("spot/instance-action", MD + "spot/instance-action", "2016-11-15",
                        CategoryTableTest::spotNotice),
                new Row("spot/termination-time", MD + "spot/termination-time", "2014-11-05",
                        CategoryTableTest::spotNotice),
                row("tags/instance", MD + "tags/instance/Name", "2021-07-15"),
                row("dynamic: fws/instance-monitoring", "dynamic/fws/instance-monitoring",
                        "2009-04-04"),
                row("dynamic: instance-identity/document", "dynamic/instance-identity/document",
                        "2009-04-04"),
                row("dynamic: instance-identity/pkcs7", "dynamic/instance-identity/pkcs7",
                        "2009-04-04"),
                row("dynamic: instance-identity/signature", "dynamic/instance-identity/signature",
                        "2009-04-04"),
                row("user data", "user-data", "1.0"));
    }

    private static void spotNotice(ImdsEmulator e) {
        e.scheduleSpotInterruption(SpotAction.TERMINATE, T0, T0.plus(Duration.ofMinutes(2)));
    }

    @RegisterExtension
    final EmulatorFixture imds = new EmulatorFixture();
    private List<String> versions;

    @BeforeEach
    void versions() throws IOException {
        versions = Arrays.asList(imds.text("/").split("\n"));
    }

    private int status(String path) throws IOException {
        return imds.get(path).status();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void category_servedByDefaultOrOneSwitchAway_listed_andDatedAsTheTableSays(Row row)
            throws IOException {
        String latest = "/latest/" + row.path();
        if (row.enable() != null) {
            assertThat(status(latest)).as("%s before its switch", row).isEqualTo(404);
            row.enable().accept(imds.emulator());
        }
        RawHttp.Response r = imds.get(latest);
        assertThat(r.status()).as("%s", row).isEqualTo(200);
        assertThat(r.body()).as("%s", row).isNotEmpty();

        String folder = latest.substring(0, latest.lastIndexOf('/') + 1);
        String name = latest.substring(folder.length());
        assertThat(imds.text(folder).split("\n"))
                .as("%s in %s", row, folder)
                .anyMatch(entry -> entry.equals(name) || entry.startsWith(name + "="));

        int first = 0;
        while (Categories.compareVersions(versions.get(first), row.since()) < 0) {
            first++;
        }
        assertThat(status("/" + versions.get(first) + "/" + row.path()))
                .as("%s in %s", row, versions.get(first)).isEqualTo(200);
        assertThat(status("/" + versions.get(versions.size() - 2) + "/" + row.path()))
                .as("%s in the newest dated version", row).isEqualTo(200);
        if (first > 0) {
            assertThat(status("/" + versions.get(first - 1) + "/" + row.path()))
                    .as("%s in %s", row, versions.get(first - 1)).isEqualTo(404);
        }
    }
}
