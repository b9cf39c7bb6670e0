#!/usr/bin/env bash
# The fixed cost of a session-aggregator instance (its CPU and the broker's), idle and under a
# trickle of heartbeats, with the default settings and candidates that could lower it, side by
# side in one run. Prints a table; results are kept in docs/benchmarks.md.
# Usage: bench/idle.sh [seconds per setting, default 120] [trickle heartbeats/s, default 50]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/prerequisites.sh
./mvnw -B -q -DskipTests -Djacoco.skip=true package
exec java -jar benchmarks/target/benchmarks-0.1.0-SNAPSHOT-exec.jar idle "$@"
