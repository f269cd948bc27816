#!/usr/bin/env bash
# Start-up of `./mayfly demo` against `java -version`, whole processes, interleaved (issue 13).
# Usage: benchmarks/startup.sh [--runs 5] [--before DIR] [--without-cds] [--with-c2]
#                              [--fresh-authority] [--out FILE]
#   --before DIR    also time DIR/mayfly (another checkout, built: the state before a change)
#   --without-cds   also time this checkout with MAYFLY_CDS=off
#   --with-c2       also time it with MAYFLY_JAVA_OPTS=-XX:TieredStopAtLevel=4 (C2 too)
#   --fresh-authority  also time it with a new simulated authority each run (the first demo
#                   after a build)
# Builds the command first when needed (through ./mayfly). Method: docs/benchmarks.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/mayfly" --version >/dev/null
GSON="$(ls "$ROOT"/cli/target/lib/gson-*.jar | head -n 1)"
cd "$ROOT"
exec java -cp "$GSON" "$ROOT/benchmarks/startup/StartupBenchmark.java" --root "$ROOT" "$@"
