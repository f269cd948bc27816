#!/usr/bin/env bash
# Sums a `mvn -B -Pfuzz verify` log: one row per fuzz target (the test class that ran it) with
# its executions, seconds, and the coverage counters and features libFuzzer last reported, then
# the total. Usage: test-support/fuzz-summary.sh fuzz.log   (see docs/testing.md)
set -euo pipefail
[[ $# -eq 1 && -r $1 ]] || { echo "usage: $0 MAVEN_LOG" >&2; exit 2; }
awk '
  /\[INFO\] Running dev\.mayfly\./ { target = $3; sub(/^dev\.mayfly\./, "", target); cov = "-"; ft = "-" }
  /^#[0-9]+/ && / cov: / {
    for (i = 1; i <= NF; i++) { if ($i == "cov:") cov = $(i + 1); if ($i == "ft:") ft = $(i + 1) }
  }
  /^Done [0-9]+ runs in [0-9]+ second/ {
    rows[++n] = sprintf("| `%s` | %d | %d | %s | %s |", target, $2, $5, cov, ft)
    total += $2; seconds += $5
  }
  /FuzzTestFindingException|<<< (FAILURE|ERROR)!/ { findings++ }
  END {
    print "| target | executions | seconds | coverage counters | features |"
    print "|---|---:|---:|---:|---:|"
    for (i = 1; i <= n; i++) print rows[i]
    printf "| **total (%d targets)** | **%d** | %d | | |\n", n, total, seconds
    printf "\nfailing tests or findings in the log: %d\n", findings + 0
  }' "$1"
