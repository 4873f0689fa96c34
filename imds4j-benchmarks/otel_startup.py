#!/usr/bin/env python3
# Copyright The imds4j Authors
# SPDX-License-Identifier: Apache-2.0
"""OpenTelemetry autoconfiguration with imds4j's EC2 resource provider, contrib's, or none.

Every program is OtelStartup (AutoConfiguredOpenTelemetrySdk, exporters off) on a class path
that holds the SDK alone, the SDK and imds4j-opentelemetry, or the SDK and OpenTelemetry Java
contrib's aws-resources (its four other providers turned off, so that EC2 faces EC2). Scenarios:

  off EC2, closed endpoint   both detectors pointed at a closed loopback port
  off EC2, detected          imds4j only, nothing configured, in a private mount and network
                             namespace whose /sys says QEMU (unshare; needs root). contrib has
                             no detection and would send to the link-local address: not run
  on EC2 (emulator)          both pointed at a standalone emulator on 127.0.0.1
  stalled IMDS               both pointed at an emulator that never answers

Runs are interleaved round-robin. Reported: the time AutoConfiguredOpenTelemetrySdk.build()
took inside the process (median, p10-p90), what the detector added to it (difference of
medians against the SDK alone in the same scenario), the whole process's wall time, and its CPU
time (user + system, from the kernel's rusage), which a loaded machine disturbs less.

    mvn -q -DskipTests package
    python3 imds4j-benchmarks/otel_startup.py [--runs 21]
"""
import argparse
import http.client
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONTRIB_OTHERS = ",".join("io.opentelemetry.contrib.aws.resource." + n for n in (
    "BeanstalkResourceProvider", "EcsResourceProvider", "EksResourceProvider",
    "LambdaResourceProvider"))
# Variables that would steer a child to another endpoint or turn IMDS off.
AWS_VARIABLES = ("AWS_EC2_METADATA_SERVICE_ENDPOINT", "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
                 "AWS_EC2_METADATA_DISABLED", "AWS_PROFILE", "AWS_CONFIG_FILE",
                 "AWS_METADATA_SERVICE_TIMEOUT", "AWS_METADATA_SERVICE_NUM_ATTEMPTS",
                 "AWS_LAMBDA_FUNCTION_NAME", "AWS_EXECUTION_ENV")


def need(path):
    if not os.path.exists(path):
        sys.exit(f"otel_startup.py: {path} is missing; run: mvn -q -DskipTests package")
    return path


def runtime_jars():
    with open(need(os.path.join(ROOT, "imds4j-benchmarks/target/runtime-classpath.txt"))) as f:
        return f.read().strip().split(os.pathsep)


def pick(jars, patterns):
    found = [j for j in jars if any(p in j for p in patterns)]
    if not found:
        sys.exit(f"otel_startup.py: no jar matches {patterns}")
    return found


def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_emulator(java, jar, config=None):
    command = [java, "-jar", jar, "--port", "0"] + (["--config", config] if config else [])
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              text=True)
    first = server.stdout.readline().strip()
    if not first.startswith("listening on http://127.0.0.1:"):
        server.kill()
        sys.exit(f"otel_startup.py: the emulator did not start: {first!r}")
    return server, first[len("listening on "):]


def warm_up(endpoint, rounds=50):
    """Answers a cold emulator JVM's first requests, so that its warm-up is not measured."""
    host, port = endpoint[len("http://"):].split(":")
    for _ in range(rounds):
        c = http.client.HTTPConnection(host, int(port), timeout=10)
        c.request("PUT", "/latest/api/token",
                  headers={"X-aws-ec2-metadata-token-ttl-seconds": "60"})
        token = c.getresponse().read().decode()
        for path in ("/latest/dynamic/instance-identity/document", "/latest/meta-data/hostname"):
            c.request("GET", path, headers={"X-aws-ec2-metadata-token": token})
            c.getresponse().read()
        c.close()


def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p * (len(s) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--budget", help="otel.resource.imds4j.timeout for imds4j (default: "
                        "unset, so the provider's 1s)")
    parser.add_argument("--no-namespace", action="store_true",
                        help="skip the 'off EC2, detected' scenario (it needs unshare and root)")
    args = parser.parse_args()

    java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if "JAVA_HOME" in os.environ \
        else shutil.which("java")
    classes = need(os.path.join(ROOT, "imds4j-benchmarks/target/classes"))
    emulator_jar = need(os.path.join(ROOT, "imds4j-emulator/target/imds4j-emulator.jar"))
    jars = runtime_jars()
    sdk = pick(jars, ["/io/opentelemetry/opentelemetry-"])
    ours = pick(jars, ["imds4j-opentelemetry/target/", "/imds4j/target/"])
    ours = [j for j in ours if "imds4j-emulator" not in j]
    theirs = pick(jars, ["/opentelemetry-aws-resources/", "/okhttp3/", "/okio/",
                         "/org/jetbrains/", "/jackson/core/jackson-core/",
                         "/io/opentelemetry/semconv/"])
    cp_none = os.pathsep.join([classes] + sdk)
    cp_ours = os.pathsep.join([classes] + sdk + ours)
    cp_theirs = os.pathsep.join([classes] + sdk + theirs)
    main_class = "dev.imds4j.benchmarks.OtelStartup"
    budget = [f"-Dotel.resource.imds4j.timeout={args.budget}"] if args.budget else []

    base_env = {k: v for k, v in os.environ.items() if k not in AWS_VARIABLES
                and not k.startswith("OTEL_")}
    empty_config = tempfile.NamedTemporaryFile("w", suffix=".aws-config", delete=False)
    empty_config.close()
    base_env["AWS_CONFIG_FILE"] = empty_config.name  # never this user's AWS settings
    stall_config = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
    json.dump({"faults": [{"type": "stall", "times": "always"}]}, stall_config)
    stall_config.close()
    fake_sys = tempfile.mkdtemp(prefix="fake-sys-class-")
    os.makedirs(os.path.join(fake_sys, "dmi/id"))
    with open(os.path.join(fake_sys, "dmi/id/sys_vendor"), "w") as f:
        f.write("QEMU\n")

    servers = []
    try:
        server, live = start_emulator(java, emulator_jar)
        servers.append(server)
        warm_up(live)
        server, stalled = start_emulator(java, emulator_jar, stall_config.name)
        servers.append(server)
        closed = f"http://127.0.0.1:{closed_port()}"

        def ours_at(endpoint):
            env = dict(base_env, AWS_EC2_METADATA_SERVICE_ENDPOINT=endpoint)
            return [java] + budget + ["-cp", cp_ours, main_class], env

        def theirs_at(endpoint):
            host_port = endpoint[len("http://"):]
            return [java, f"-Dotel.aws.imds.endpointOverride={host_port}",
                    f"-Dotel.java.disabled.resource.providers={CONTRIB_OTHERS}",
                    "-cp", cp_theirs, main_class], dict(base_env)

        none = ([java, "-cp", cp_none, main_class], dict(base_env))
        scenarios = [
            ("off EC2, closed endpoint", "empty",
             [("SDK alone", none), ("imds4j", ours_at(closed)), ("contrib", theirs_at(closed))]),
            ("on EC2 (emulator)", "full",
             [("SDK alone", none), ("imds4j", ours_at(live)), ("contrib", theirs_at(live))]),
            ("stalled IMDS", "empty",
             [("SDK alone", none), ("imds4j", ours_at(stalled)), ("contrib", theirs_at(stalled))]),
        ]
        if not args.no_namespace:
            # A private network namespace (only a down loopback: no packet can leave) and a
            # /sys/class whose DMI vendor is QEMU. The shell refuses to start Java unless the
            # child sees QEMU.
            def namespaced(command):
                guard = (f"mount --bind {fake_sys} /sys/class && "
                         "[ \"$(cat /sys/class/dmi/id/sys_vendor)\" = QEMU ] && exec \"$@\"")
                return ["unshare", "--mount", "--net", "sh", "-c", guard, "sh"] + command
            scenarios.insert(1, ("off EC2, detected (no endpoint)", "empty", [
                ("SDK alone", (namespaced(none[0]), dict(base_env))),
                ("imds4j", (namespaced([java] + budget + ["-cp", cp_ours, main_class]),
                            dict(base_env))),
            ]))

        def run(command, env):
            with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
                start = time.perf_counter_ns()
                child = subprocess.Popen(command, env=env, stdout=out, stderr=err)
                _, status, usage = os.wait4(child.pid, 0)
                wall = (time.perf_counter_ns() - start) / 1e6
                code = os.waitstatus_to_exitcode(status)
                out.seek(0)
                err.seek(0)
                if code != 0:
                    sys.exit(f"otel_startup.py: {command[-1]} exited {code}: {err.read()}")
                lines = out.read().splitlines()
                run.stderr = err.read()
            autoconf = int(lines[0].split("=", 1)[1]) / 1e6
            cpu = (usage.ru_utime + usage.ru_stime) * 1000
            return autoconf, wall, cpu, sorted(lines[1:])

        # A check run, not timed: every detector says the same thing, or nothing.
        reference = None
        for name, expect, programs in scenarios:
            for program, (command, env) in programs:
                *_, attributes = run(command, env)
                if program == "SDK alone" or expect == "empty":
                    if attributes:
                        sys.exit(f"otel_startup.py: {name}/{program} found {attributes}")
                else:
                    core = [a for a in attributes if not a.startswith("host.arch=")]
                    if not core:
                        sys.exit(f"otel_startup.py: {name}/{program} found nothing: "
                                 f"{run.stderr}")
                    reference = reference or core
                    if core != reference:
                        sys.exit(f"otel_startup.py: {name}/{program} found {core}, "
                                 f"expected {reference}")

        results = {(s, p): ([], [], [], []) for s, _, programs in scenarios
                   for p, _ in programs}
        for _ in range(args.runs):
            for name, _, programs in scenarios:
                for program, (command, env) in programs:
                    for series, value in zip(results[(name, program)], run(command, env)):
                        series.append(value)
    finally:
        for server in servers:
            server.terminate()
            server.wait()
        os.unlink(stall_config.name)
        os.unlink(empty_config.name)
        shutil.rmtree(fake_sys)

    version = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
    print(f"Machine: {os.cpu_count()} CPUs, {platform.platform()}; {version.splitlines()[0]}; "
          f"load average at the end {os.getloadavg()[0]:.2f}")
    print(f"Runs: {args.runs} per program, interleaved\n")
    print("| scenario | detector | autoconfigure, median ms | p10-p90 | added to the SDK "
          "alone | process wall, median ms | process CPU, median ms | added CPU | runs with "
          "EC2 attributes |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, _, programs in scenarios:
        alone = statistics.median(results[(name, "SDK alone")][0])
        alone_cpu = statistics.median(results[(name, "SDK alone")][2])
        for program, _ in programs:
            inside, wall, cpu, found = results[(name, program)]
            complete = sum(1 for attributes in found if attributes)
            m = statistics.median(inside)
            c = statistics.median(cpu)
            first = program == "SDK alone"
            added = "" if first else f"{m - alone:+.0f}"
            added_cpu = "" if first else f"{c - alone_cpu:+.0f}"
            print(f"| {name} | {program} | {m:.0f} | {pct(inside, 0.1):.0f}-"
                  f"{pct(inside, 0.9):.0f} | {added} | {statistics.median(wall):.0f} | {c:.0f} "
                  f"| {added_cpu} | {complete}/{len(found)} |")

    def size(paths):
        return sum(os.path.getsize(p) for p in paths)
    print("\nAdded runtime class path:")
    for label, paths in (("imds4j", ours), ("contrib", theirs)):
        names = ", ".join(f"{os.path.basename(p)} ({os.path.getsize(p):,})" for p in paths)
        print(f"- {label}: {len(paths)} jars, {size(paths):,} bytes: {names}")


if __name__ == "__main__":
    main()
