#!/usr/bin/env python3
# Copyright The imds4j Authors
# SPDX-License-Identifier: Apache-2.0
"""The first JSON read of a fresh JVM: this tree's client beside another build of it.

Compares two builds of dev.imds4j:imds4j, this work tree's and a baseline's (another checkout,
such as the commit before the client read JSON itself), with JsonStartupProbe in fresh JVMs:

  parse    the identity document's bytes from a file; JsonDocument.object and the field reads
           timed inside the process (wall, main-thread CPU, whole-process CPU)
  client   a new ImdsClient's identityDocument() against a standalone emulator on 127.0.0.1
           (token PUT, GET, parse), timed inside the process, and the whole process's wall and
           CPU time (user + system, from the kernel's rusage)

Each build runs with only its own runtime dependencies: the baseline with the Jackson jars this
tree's emulator uses (jackson-jr-objects, jackson-core), when its jar has no JsonReader. Runs are
interleaved (the order of the two builds alternating each round); medians and p10-p90 are
printed with the machine and the load average before and after.

    git archive BASE_COMMIT | (mkdir -p /tmp/imds4j-base && tar -x -C /tmp/imds4j-base)
    (cd /tmp/imds4j-base && mvn -q -DskipTests package -pl imds4j -am)
    mvn -q -DskipTests package
    python3 imds4j-benchmarks/json_startup.py --baseline /tmp/imds4j-base [--runs 21]
"""
import argparse
import glob
import http.client
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROBE = "dev.imds4j.JsonStartupProbe"
DOCUMENT = "/latest/dynamic/instance-identity/document"
AWS_VARIABLES = ("AWS_EC2_METADATA_SERVICE_ENDPOINT", "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
                 "AWS_EC2_METADATA_DISABLED", "AWS_PROFILE", "AWS_CONFIG_FILE",
                 "AWS_METADATA_SERVICE_TIMEOUT", "AWS_METADATA_SERVICE_NUM_ATTEMPTS",
                 "AWS_EC2_INSTANCE_PROFILE_NAME")


def fail(message):
    sys.exit(f"json_startup.py: {message}")


def client_jar(root):
    jars = [j for j in glob.glob(os.path.join(root, "imds4j/target/imds4j-*.jar"))
            if not j.endswith(("-sources.jar", "-javadoc.jar"))]
    if len(jars) != 1:
        fail(f"expected one client jar in {root}/imds4j/target, found {jars}; "
             "run: mvn -q -DskipTests package")
    return jars[0]


def reads_json_itself(jar):
    with zipfile.ZipFile(jar) as z:
        return "dev/imds4j/JsonReader.class" in z.namelist()


def jackson_jars():
    listing = os.path.join(ROOT, "imds4j-benchmarks/target/runtime-classpath.txt")
    if not os.path.exists(listing):
        fail(f"{listing} is missing; run: mvn -q -DskipTests package")
    with open(listing) as f:
        jars = f.read().strip().split(os.pathsep)
    found = [j for j in jars if "/jackson-jr-objects/" in j or "/jackson/core/jackson-core/" in j]
    if len(found) != 2:
        fail(f"expected jackson-jr-objects and jackson-core in {listing}, found {found}")
    return found


def start_emulator(java, jar):
    server = subprocess.Popen([java, "-jar", jar, "--port", "0"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    first = server.stdout.readline().strip()
    if not first.startswith("listening on http://127.0.0.1:"):
        server.kill()
        fail(f"the emulator did not start: {first!r}")
    return server, first[len("listening on "):]


def fetch(endpoint, path, rounds):
    """GETs path with a token, rounds times (the emulator's own warm-up); returns the body."""
    host, port = endpoint[len("http://"):].split(":")
    body = None
    for _ in range(rounds):
        c = http.client.HTTPConnection(host, int(port), timeout=10)
        c.request("PUT", "/latest/api/token",
                  headers={"X-aws-ec2-metadata-token-ttl-seconds": "60"})
        token = c.getresponse().read().decode()
        c.request("GET", path, headers={"X-aws-ec2-metadata-token": token})
        response = c.getresponse()
        body = response.read()
        if response.status != 200:
            fail(f"GET {path}: {response.status}")
        c.close()
    return body


def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p * (len(s) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", required=True,
                        help="root of another build of the project (its imds4j/target jar)")
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()

    java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if "JAVA_HOME" in os.environ \
        else shutil.which("java")
    probe_classes = os.path.join(ROOT, "imds4j-benchmarks/target/classes")
    if not os.path.exists(os.path.join(probe_classes, "dev/imds4j/JsonStartupProbe.class")):
        fail("JsonStartupProbe is not built; run: mvn -q -DskipTests package")
    emulator_jar = os.path.join(ROOT, "imds4j-emulator/target/imds4j-emulator.jar")
    if not os.path.exists(emulator_jar):
        fail(f"{emulator_jar} is missing; run: mvn -q -DskipTests package")

    variants = []
    for label, root in (("baseline", os.path.abspath(args.baseline)), ("this tree", ROOT)):
        jar = client_jar(root)
        own = reads_json_itself(jar)
        path = [jar] + ([] if own else jackson_jars()) + [probe_classes]
        variants.append((f"{label} ({'own reader' if own else 'Jackson jr'})",
                         os.pathsep.join(path)))

    env = {k: v for k, v in os.environ.items() if k not in AWS_VARIABLES}
    empty_config = tempfile.NamedTemporaryFile("w", suffix=".aws-config", delete=False)
    empty_config.close()
    env["AWS_CONFIG_FILE"] = empty_config.name
    document = tempfile.NamedTemporaryFile("wb", suffix=".json", delete=False)

    def run(command):
        with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
            start = time.perf_counter_ns()
            child = subprocess.Popen(command, env=env, stdout=out, stderr=err)
            _, status, usage = os.wait4(child.pid, 0)
            wall = (time.perf_counter_ns() - start) / 1e6
            out.seek(0)
            err.seek(0)
            if os.waitstatus_to_exitcode(status) != 0:
                fail(f"{' '.join(command[-2:])} failed: {err.read()}")
            values = dict(line.split("=", 1) for line in out.read().splitlines())
        values["process.wall"] = wall * 1e6
        values["process.cpu"] = (usage.ru_utime + usage.ru_stime) * 1e9
        return values

    load_before = os.getloadavg()
    uptime_before = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    results = {(v, mode): [] for v, _ in variants for mode in ("parse", "client")}
    server = None
    try:
        server, endpoint = start_emulator(java, emulator_jar)
        document.write(fetch(endpoint, DOCUMENT, 50))
        document.close()
        summaries = set()
        for i in range(args.runs + 1):  # the first round checks, and is not counted
            order = variants if i % 2 == 0 else list(reversed(variants))
            for label, cp in order:
                for mode, arg in (("parse", document.name), ("client", endpoint)):
                    values = run([java, "-cp", cp, PROBE, mode, arg])
                    summaries.add((mode, values["summary"].split(" ")[0]))
                    if i > 0:
                        results[(label, mode)].append(values)
        if len({s for _, s in summaries}) != 1:
            fail(f"the builds read different documents: {summaries}")
    finally:
        if server:
            server.terminate()
            server.wait()
        os.unlink(empty_config.name)
        os.unlink(document.name)
    uptime_after = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()

    version = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
    print(f"Machine: {os.cpu_count()} CPUs, {platform.platform()}; {version.splitlines()[0]}")
    print(f"uptime before: {uptime_before}")
    print(f"uptime after:  {uptime_after}")
    print(f"Runs: {args.runs} per build and mode, interleaved; medians in ms (p10-p90)\n")
    columns = [("parse", "object.wall", "JsonDocument.object, wall"),
               ("parse", "object.thread", "JsonDocument.object, thread CPU"),
               ("parse", "object.process", "JsonDocument.object, process CPU"),
               ("parse", "fields.wall", "then the string fields, wall"),
               ("parse", "pendingTime.process", "then pendingTime (java.time), process CPU"),
               ("parse", "process.wall", "parse program, process wall"),
               ("parse", "process.cpu", "parse program, process CPU"),
               ("client", "identityDocument.wall", "identityDocument(), wall"),
               ("client", "identityDocument.process", "identityDocument(), process CPU"),
               ("client", "process.wall", "client program, process wall"),
               ("client", "process.cpu", "client program, process CPU")]
    print("| measure | " + " | ".join(label for label, _ in variants) + " | difference |")
    print("|---|" + "---|" * (len(variants) + 1))
    for mode, key, name in columns:
        cells = []
        medians = []
        for label, _ in variants:
            series = [float(v[key]) / 1e6 for v in results[(label, mode)]]
            medians.append(statistics.median(series))
            cells.append(f"{medians[-1]:.1f} ({pct(series, 0.1):.1f}-{pct(series, 0.9):.1f})")
        print(f"| {name} | " + " | ".join(cells) + f" | {medians[1] - medians[0]:+.1f} |")
    print(f"\nload average before {load_before[0]:.2f}, after {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
