#!/bin/sh
# imds @VERSION@ on its own Java runtime (@RUNTIME@); the host needs no Java.
# Put this folder on PATH, or link this file from one. Extra JVM options: IMDS_JAVA_OPTS.
# The JVM flags are measured: docs/benchmarks.md, "Start-up flags".
set -f
home=$(CDPATH='' cd -P -- "$(dirname -- "$(readlink -f -- "$0")")/.." && pwd -P) || exit 1
# shellcheck disable=SC2086
exec "$home/runtime/bin/java" @FLAGS@ \
  $IMDS_JAVA_OPTS -cp "$home/lib/imds.jar" dev.imds4j.cli.Imds "$@"
