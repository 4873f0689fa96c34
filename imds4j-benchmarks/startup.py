#!/usr/bin/env python3
"""Whole-process start-up of IMDS clients, side by side in one run.

Each program makes a token PUT and one GET of PATH against the same standalone emulator
(loopback only) and prints the value. Runs are interleaved round-robin so that drift in the
machine's load spreads over all programs. Wall time from spawn to exit, and peak RSS from the
kernel's rusage of that child.

    mvn -q -DskipTests package
    python3 imds4j-benchmarks/startup.py [--runs 31] [--path /latest/meta-data/ami-id]
"""
import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def need(path):
    if not os.path.exists(path):
        sys.exit(f"startup.py: {path} is missing; run: mvn -q -DskipTests package")
    return path


def classpath(patterns, exclude=()):
    with open(need(os.path.join(ROOT, "imds4j-benchmarks/target/runtime-classpath.txt"))) as f:
        jars = f.read().strip().split(os.pathsep)
    return [j for j in jars
            if any(p in j for p in patterns) and not any(x in j for x in exclude)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=31)
    parser.add_argument("--path", default="/latest/meta-data/ami-id")
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

    server = subprocess.Popen([java, "-jar", emulator_jar, "--port", "0"],
                              stdout=subprocess.PIPE, text=True)
    try:
        first = server.stdout.readline().strip()
        if not first.startswith("listening on "):
            sys.exit("startup.py: the emulator did not start")
        ep = first[len("listening on "):]
        path = args.path
        curl = (f"t=$(curl -s --noproxy '*' -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: "
                f"21600' {ep}/latest/api/token) && curl -s --noproxy '*' -H "
                f"\"X-aws-ec2-metadata-token: $t\" {ep}{path}")
        programs = [
            ("curl pair (2 processes)", ["bash", "-c", curl]),
            ("bare JVM, no requests", [java, "-cp", classes, "dev.imds4j.benchmarks.Noop"]),
            ("JVM floor: HttpURLConnection",
             [java, "-cp", classes, "dev.imds4j.benchmarks.JvmFloor", ep, path]),
            ("JVM floor, bin/imds JVM flags",
             [java] + fast + ["-cp", classes, "dev.imds4j.benchmarks.JvmFloor", ep, path]),
            ("imds get (bin/imds)", [imds, "--endpoint", ep, "get", path]),
            ("imds get (plain java -jar)", [java, "-jar", imds_jar, "--endpoint", ep, "get", path]),
            ("SDK v2 Ec2MetadataClient, url-connection",
             [java, "-cp", sdk_url, "dev.imds4j.benchmarks.SdkV2Get", "urlconnection", ep, path]),
            ("SDK v2 Ec2MetadataClient, apache",
             [java, "-cp", sdk_apache, "dev.imds4j.benchmarks.SdkV2Get", "apache", ep, path]),
        ]
        expected = subprocess.run(programs[2][1], capture_output=True, text=True).stdout
        times = {name: [] for name, _ in programs}
        rss = {name: [] for name, _ in programs}
        with tempfile.TemporaryFile() as sink:
            for name, command in programs:  # a check run, not timed
                out = subprocess.run(command, capture_output=True, text=True)
                if name != programs[1][0] and (out.returncode != 0 or out.stdout != expected):
                    sys.exit(f"startup.py: {name} printed {out.stdout!r} (exit "
                             f"{out.returncode}), expected {expected!r}: {out.stderr}")
            for _ in range(args.runs):
                for name, command in programs:
                    sink.seek(0)
                    start = time.perf_counter_ns()
                    child = subprocess.Popen(command, stdout=sink, stderr=subprocess.DEVNULL)
                    _, status, usage = os.wait4(child.pid, 0)
                    elapsed = time.perf_counter_ns() - start
                    child.returncode = os.waitstatus_to_exitcode(status)
                    if child.returncode != 0:
                        sys.exit(f"startup.py: {name} exited {child.returncode}")
                    times[name].append(elapsed / 1e6)
                    rss[name].append(usage.ru_maxrss / 1024)
    finally:
        server.terminate()
        server.wait()

    def pct(values, p):
        s = sorted(values)
        return s[min(len(s) - 1, int(round(p * (len(s) - 1))))]

    floor = statistics.median(times["JVM floor: HttpURLConnection"])
    sdk = statistics.median(times["SDK v2 Ec2MetadataClient, url-connection"])
    print(f"Machine: {os.cpu_count()} CPUs, {platform.platform()}; "
          f"{subprocess.run([java, '-version'], capture_output=True, text=True).stderr.splitlines()[0]}")
    print(f"Runs: {args.runs} per program, interleaved; path {args.path}\n")
    print("| program | median ms | p10-p90 ms | vs JVM floor | vs SDK v2 (url-connection) "
          "| peak RSS MiB (median) |")
    print("|---|---|---|---|---|---|")
    for name, _ in programs:
        m = statistics.median(times[name])
        print(f"| {name} | {m:.0f} | {pct(times[name], 0.1):.0f}-{pct(times[name], 0.9):.0f} "
              f"| {m / floor:.2f}x | {m / sdk:.2f}x | {statistics.median(rss[name]):.0f} |")


if __name__ == "__main__":
    main()
