#!/usr/bin/env python3
# Copyright The imds4j Authors
# SPDX-License-Identifier: Apache-2.0
"""Whole-process start-up of IMDS clients, side by side in one run.

Each program makes a token PUT and one GET of PATH against the same standalone emulator
(loopback only) and prints the value. Runs are interleaved round-robin so that drift in the
machine's load spreads over all programs. Wall time from spawn to exit; CPU time (user + sys)
and peak RSS from the kernel's rusage of that child.

The rows: today's launcher (bin/imds running the jar on the system JDK), the distribution
'mvn package' made (unpacked from its tarball into a temporary folder, as a user would), any
further unpacked distributions given with --dist, and the JVM floor and the jar on the newest
JDK 25+ found (--jdk25 picks one), beside the system JDK's.

    mvn -q -DskipTests package
    python3 imds4j-benchmarks/startup.py [--runs 31] [--path /latest/meta-data/ami-id]
        [--dist DIR ...] [--dist-opts 'JVM OPTIONS' ...] [--jdk25 JDK_HOME] [--no-sdk]
"""
import argparse
import glob
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FLOOR = "JVM floor: HttpURLConnection"
TODAY = "imds get (bin/imds, jar on the system JDK: today's launcher)"
SDK = "SDK v2 Ec2MetadataClient, url-connection"


def need(path):
    if not os.path.exists(path):
        sys.exit(f"startup.py: {path} is missing; run: mvn -q -DskipTests package")
    return path


def release(home):
    """JAVA_VERSION and IMPLEMENTOR from a JDK or runtime's release file, or None."""
    try:
        with open(os.path.join(home, "release")) as f:
            fields = dict(line.strip().split("=", 1) for line in f if "=" in line)
    except OSError:
        return None
    version = fields.get("JAVA_VERSION", "").strip('"')
    return (version, fields.get("IMPLEMENTOR", "JDK").strip('"')) if version else None


def feature(version):
    try:
        return int(version.split(".")[0])
    except ValueError:
        return 0


def newest_jdk25():
    found = []
    for home in glob.glob("/usr/lib/jvm/*"):
        r = release(home)
        if r and feature(r[0]) >= 25 and os.path.exists(os.path.join(home, "bin", "java")):
            found.append((tuple(int(p) for p in r[0].split(".") if p.isdigit()), home))
    return max(found)[1] if found else None


def describe_dist(home):
    """'Eclipse Adoptium 25.0.3, AOT cache' for an unpacked distribution."""
    version, vendor = release(os.path.join(home, "runtime")) or ("?", "?")
    kind = "AOT cache" if os.path.exists(os.path.join(home, "lib", "imds.aot")) \
        else "AppCDS" if os.path.exists(os.path.join(home, "lib", "imds.jsa")) else "no archive"
    return f"{vendor} {version}, {kind}"


def unpack_dist(into):
    """Unpacks the tarball 'mvn package' made; returns its folder, or None when there is none."""
    tarballs = glob.glob(os.path.join(ROOT, "imds4j-dist/target/imds-*-linux-x64.tar.gz"))
    if not tarballs:
        return None
    subprocess.run(["tar", "-xzf", tarballs[0], "-C", into], check=True)
    return glob.glob(os.path.join(into, "imds-*"))[0]


def classpath(patterns, exclude=()):
    with open(need(os.path.join(ROOT, "imds4j-benchmarks/target/runtime-classpath.txt"))) as f:
        jars = f.read().strip().split(os.pathsep)
    return [j for j in jars
            if any(p in j for p in patterns) and not any(x in j for x in exclude)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=31)
    parser.add_argument("--path", default="/latest/meta-data/ami-id")
    parser.add_argument("--dist", action="append", default=[],
                        help="a further unpacked distribution folder to time")
    parser.add_argument("--jdk25", default=newest_jdk25(),
                        help="a JDK 25+ for the JDK 25 rows (default: newest in /usr/lib/jvm)")
    parser.add_argument("--dist-opts", action="append", default=[],
                        help="also time the distribution with these IMDS_JAVA_OPTS")
    parser.add_argument("--no-sdk", action="store_true", help="leave out the SDK v2 rows")
    args = parser.parse_args()

    java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if "JAVA_HOME" in os.environ \
        else shutil.which("java")
    classes = need(os.path.join(ROOT, "imds4j-benchmarks/target/classes"))
    emulator_jar = need(os.path.join(ROOT, "imds4j-emulator/target/imds4j-emulator.jar"))
    imds = need(os.path.join(ROOT, "bin/imds"))
    imds_jar = need(os.path.join(ROOT, "imds4j-cli/target/imds.jar"))
    sdk_common = ["/software/amazon/awssdk/", "/org/reactivestreams/", "/org/slf4j/"]
    apache = ["/org/apache/httpcomponents/", "/commons-logging/", "/commons-codec/"]
    sdk_url = os.pathsep.join([classes] + classpath(sdk_common, exclude=["apache-client"]))
    sdk_apache = os.pathsep.join([classes] + classpath(sdk_common + apache))
    fast = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData"]

    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    server = subprocess.Popen([java, "-jar", emulator_jar, "--port", "0"],
                              stdout=subprocess.PIPE, text=True)
    unpacked = tempfile.TemporaryDirectory()
    try:
        dist = unpack_dist(unpacked.name)
        if dist is None:
            sys.exit("startup.py: no imds4j-dist/target/imds-*-linux-x64.tar.gz; run: "
                     "mvn -q -DskipTests package")
        first = server.stdout.readline().strip()
        if not first.startswith("listening on "):
            sys.exit("startup.py: the emulator did not start")
        ep = first[len("listening on "):]
        path = args.path
        curl = (f"t=$(curl -s --noproxy '*' -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: "
                f"21600' {ep}/latest/api/token) && curl -s --noproxy '*' -H "
                f"\"X-aws-ec2-metadata-token: $t\" {ep}{path}")
        get = ["--endpoint", ep, "get", path]
        system_jar = dict(os.environ, IMDS_RUNTIME="system")
        programs = [
            ("curl pair (2 processes)", ["bash", "-c", curl], None),
            ("bare JVM, no requests", [java, "-cp", classes, "dev.imds4j.benchmarks.Noop"],
             None),
            (FLOOR, [java, "-cp", classes, "dev.imds4j.benchmarks.JvmFloor", ep, path], None),
            ("JVM floor, bin/imds JVM flags",
             [java] + fast + ["-cp", classes, "dev.imds4j.benchmarks.JvmFloor", ep, path], None),
            (TODAY, [imds] + get, system_jar),
            ("imds get (plain java -jar)", [java, "-jar", imds_jar] + get, None),
            (f"imds get (distribution: {describe_dist(dist)})",
             [os.path.join(dist, "bin", "imds")] + get, None),
        ]
        for opts in args.dist_opts:
            programs.append((f"imds get (distribution, IMDS_JAVA_OPTS={opts})",
                             [os.path.join(dist, "bin", "imds")] + get,
                             dict(os.environ, IMDS_JAVA_OPTS=opts)))
        for extra in args.dist:
            programs.append((f"imds get (distribution at {extra}: {describe_dist(extra)})",
                             [os.path.join(extra, "bin", "imds")] + get, None))
        if args.jdk25:
            java25 = os.path.join(args.jdk25, "bin", "java")
            v25 = release(args.jdk25)[0]
            programs += [
                (f"bare JVM, no requests, JDK {v25}",
                 [java25, "-cp", classes, "dev.imds4j.benchmarks.Noop"], None),
                (f"JVM floor, JDK {v25}",
                 [java25, "-cp", classes, "dev.imds4j.benchmarks.JvmFloor", ep, path], None),
                (f"imds get (jar launcher on JDK {v25}, no archive)", [imds] + get,
                 dict(system_jar, JAVA_HOME=args.jdk25)),
            ]
        if not args.no_sdk:
            programs += [
                (SDK, [java, "-cp", sdk_url, "dev.imds4j.benchmarks.SdkV2Get", "urlconnection",
                       ep, path], None),
                ("SDK v2 Ec2MetadataClient, apache",
                 [java, "-cp", sdk_apache, "dev.imds4j.benchmarks.SdkV2Get", "apache", ep, path],
                 None),
            ]
        names = [name for name, _, _ in programs]
        if len(set(names)) != len(names):  # rows are keyed by name: one name, one program
            sys.exit(f"startup.py: two programs with one name in {names}")
        expected = subprocess.run(programs[2][1], capture_output=True, text=True).stdout
        times = {name: [] for name, _, _ in programs}
        cpu = {name: [] for name, _, _ in programs}
        rss = {name: [] for name, _, _ in programs}
        with tempfile.TemporaryFile() as sink:
            for name, command, env in programs:  # a check run, not timed
                out = subprocess.run(command, capture_output=True, text=True, env=env)
                if "no requests" not in name and (out.returncode != 0 or out.stdout != expected):
                    sys.exit(f"startup.py: {name} printed {out.stdout!r} (exit "
                             f"{out.returncode}), expected {expected!r}: {out.stderr}")
            for _ in range(args.runs):
                for name, command, env in programs:
                    sink.seek(0)
                    start = time.perf_counter_ns()
                    child = subprocess.Popen(command, stdout=sink, stderr=subprocess.DEVNULL,
                                             env=env)
                    _, status, usage = os.wait4(child.pid, 0)
                    elapsed = time.perf_counter_ns() - start
                    child.returncode = os.waitstatus_to_exitcode(status)
                    if child.returncode != 0:
                        sys.exit(f"startup.py: {name} exited {child.returncode}")
                    times[name].append(elapsed / 1e6)
                    cpu[name].append((usage.ru_utime + usage.ru_stime) * 1000)
                    rss[name].append(usage.ru_maxrss / 1024)
    finally:
        server.terminate()
        server.wait()
        unpacked.cleanup()

    def pct(values, p):
        s = sorted(values)
        return s[min(len(s) - 1, int(round(p * (len(s) - 1))))]

    floor = statistics.median(times[FLOOR])
    today = statistics.median(times[TODAY])
    sdk = statistics.median(times[SDK]) if SDK in times else None
    print(f"Machine: {os.cpu_count()} CPUs, {platform.platform()}; "
          f"{subprocess.run([java, '-version'], capture_output=True, text=True).stderr.splitlines()[0]}")
    print(f"Load before and after: {load_before}; {os.getloadavg()[0]:.2f} "
          f"{os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    print(f"Runs: {args.runs} per program, interleaved; path {args.path}\n")
    print("| program | median ms | p10-p90 ms | vs JVM floor | vs today's launcher "
          "| vs SDK v2 (url-connection) | CPU ms (median) | peak RSS MiB (median) |")
    print("|---|---|---|---|---|---|---|---|")
    for name, _, _ in programs:
        m = statistics.median(times[name])
        vs_sdk = f"{m / sdk:.2f}x" if sdk else ""
        print(f"| {name} | {m:.0f} | {pct(times[name], 0.1):.0f}-{pct(times[name], 0.9):.0f} "
              f"| {m / floor:.2f}x | {m / today:.2f}x | {vs_sdk} "
              f"| {statistics.median(cpu[name]):.0f} | {statistics.median(rss[name]):.0f} |")

if __name__ == "__main__":
    main()
