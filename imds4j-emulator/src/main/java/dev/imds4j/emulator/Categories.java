/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.emulator;

import java.util.List;

/**
 * The categories AWS documents for instance metadata, dynamic data and user data, each with the
 * dated version it first appeared in, so that {@code /2009-04-04/...} serves the tree as it was.
 *
 * <p>Source: the EC2 user guide's "Instance metadata categories" and "Dynamic data categories"
 * tables. Rows whose documented date is not itself a listed version ({@code placement/region},
 * 2020-08-24) first appear in the next listed version. Paths the tables do not name ({@code
 * profile}, {@code system}, {@code hibernation/configured}, {@code rsa2048}, {@code dsa2048},
 * {@code security-credentials-extended}, prefix delegation, anything a test puts) are served under
 * {@code latest} only: no document says when they appeared.
 */
final class Categories {
    /**
     * One documented category.
     *
     * @param pattern the path below the version, {@code /}-separated; a segment {@code *} matches
     *     any one segment and a segment ending in {@code *} any segment with that prefix
     * @param since the version it appeared in
     */
    record Category(String pattern, String since) {}

    private static final String MD = "meta-data/";
    private static final String MAC = MD + "network/interfaces/macs/*/";

    static final List<Category> ALL = List.of(
            new Category(MD + "ami-id", "1.0"),
            new Category(MD + "ami-launch-index", "1.0"),
            new Category(MD + "ami-manifest-path", "1.0"),
            new Category(MD + "ancestor-ami-ids", "2007-10-10"),
            new Category(MD + "autoscaling/target-lifecycle-state", "2021-07-15"),
            new Category(MD + "block-device-mapping/ami", "2007-12-15"),
            new Category(MD + "block-device-mapping/ebs*", "2007-12-15"),
            new Category(MD + "block-device-mapping/ephemeral*", "2007-12-15"),
            new Category(MD + "block-device-mapping/root", "2007-12-15"),
            new Category(MD + "block-device-mapping/swap", "2007-12-15"),
            new Category(MD + "elastic-gpus/associations/*", "2016-11-30"),
            new Category(MD + "elastic-inference/associations/*", "2018-11-29"),
            new Category(MD + "events/maintenance/history", "2018-08-17"),
            new Category(MD + "events/maintenance/scheduled", "2018-08-17"),
            new Category(MD + "events/recommendations/rebalance", "2020-11-04"),
            new Category(MD + "hostname", "1.0"),
            new Category(MD + "iam/info", "2012-01-12"),
            new Category(MD + "iam/security-credentials/*", "2012-01-12"),
            new Category(MD + "identity-credentials/ec2/info", "2018-05-23"),
            new Category(MD + "identity-credentials/ec2/security-credentials/ec2-instance",
                    "2018-05-23"),
            new Category(MD + "instance-action", "2008-09-01"),
            new Category(MD + "instance-id", "1.0"),
            new Category(MD + "instance-life-cycle", "2019-10-01"),
            new Category(MD + "instance-type", "2007-08-29"),
            new Category(MD + "ipv6", "2021-01-03"),
            new Category(MD + "kernel-id", "2008-02-01"),
            new Category(MD + "local-hostname", "2007-01-19"),
            new Category(MD + "local-ipv4", "1.0"),
            new Category(MD + "mac", "2011-01-01"),
            new Category(MD + "metrics/vhostmd", "2011-05-01"),
            new Category(MAC + "device-number", "2011-01-01"),
            new Category(MAC + "interface-id", "2011-01-01"),
            new Category(MAC + "ipv4-associations/*", "2011-01-01"),
            new Category(MAC + "ipv6s", "2016-06-30"),
            new Category(MAC + "local-hostname", "2011-01-01"),
            new Category(MAC + "local-ipv4s", "2011-01-01"),
            new Category(MAC + "mac", "2011-01-01"),
            new Category(MAC + "network-card-index", "2020-11-01"),
            new Category(MAC + "owner-id", "2011-01-01"),
            new Category(MAC + "public-hostname", "2011-01-01"),
            new Category(MAC + "public-ipv4s", "2011-01-01"),
            new Category(MAC + "security-groups", "2011-01-01"),
            new Category(MAC + "security-group-ids", "2011-01-01"),
            new Category(MAC + "subnet-id", "2011-01-01"),
            new Category(MAC + "subnet-ipv4-cidr-block", "2011-01-01"),
            new Category(MAC + "subnet-ipv6-cidr-blocks", "2016-06-30"),
            new Category(MAC + "vpc-id", "2011-01-01"),
            new Category(MAC + "vpc-ipv4-cidr-block", "2011-01-01"),
            new Category(MAC + "vpc-ipv4-cidr-blocks", "2016-06-30"),
            new Category(MAC + "vpc-ipv6-cidr-blocks", "2016-06-30"),
            new Category(MD + "placement/availability-zone", "2008-02-01"),
            new Category(MD + "placement/availability-zone-id", "2020-08-24"),
            new Category(MD + "placement/group-name", "2020-08-24"),
            new Category(MD + "placement/host-id", "2020-08-24"),
            new Category(MD + "placement/partition-number", "2020-08-24"),
            new Category(MD + "placement/region", "2020-08-24"),
            new Category(MD + "product-codes", "2007-03-01"),
            new Category(MD + "public-hostname", "2007-01-19"),
            new Category(MD + "public-ipv4", "2007-01-19"),
            new Category(MD + "public-keys/*/openssh-key", "1.0"),
            new Category(MD + "ramdisk-id", "2007-10-10"),
            new Category(MD + "reservation-id", "1.0"),
            new Category(MD + "security-groups", "1.0"),
            new Category(MD + "services/domain", "2014-02-25"),
            new Category(MD + "services/partition", "2015-10-20"),
            new Category(MD + "spot/instance-action", "2016-11-15"),
            new Category(MD + "spot/termination-time", "2014-11-05"),
            new Category(MD + "tags/instance/*", "2021-07-15"),
            new Category("dynamic/fws/instance-monitoring", "2009-04-04"),
            new Category("dynamic/instance-identity/document", "2009-04-04"),
            new Category("dynamic/instance-identity/pkcs7", "2009-04-04"),
            new Category("dynamic/instance-identity/signature", "2009-04-04"),
            new Category("user-data", "1.0"));

    private Categories() {}

    /**
     * Whether {@code version} serves the leaf at {@code path}.
     *
     * @param version {@code latest} or a dated version
     * @param path the leaf's path below the version, such as {@code meta-data/ami-id}
     */
    static boolean servedIn(String version, String path) {
        if (version.equals("latest")) {
            return true;
        }
        for (Category c : ALL) {
            if (matches(c.pattern(), path)) {
                return compareVersions(version, c.since()) >= 0;
            }
        }
        return false;
    }

    /** Orders versions: {@code 1.0} first, then dates (ISO dates sort as text). */
    static int compareVersions(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        if (a.equals("1.0")) {
            return -1;
        }
        return b.equals("1.0") ? 1 : a.compareTo(b);
    }

    static boolean matches(String pattern, String path) {
        String[] want = pattern.split("/");
        String[] have = path.split("/", -1);
        if (want.length != have.length) {
            return false;
        }
        for (int i = 0; i < want.length; i++) {
            String w = want[i];
            boolean ok = w.endsWith("*")
                    ? have[i].startsWith(w.substring(0, w.length() - 1)) && !have[i].isEmpty()
                    : w.equals(have[i]);
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
