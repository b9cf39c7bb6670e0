#!/usr/bin/env bash
# The end-to-end benchmark: the whole suite on this machine (each service in its own JVM,
# beside the broker, registry and PostgreSQL) under simulated viewers: the highest heartbeat
# rate it holds for [minutes] (5) without growing consumer lag, 202-to-API latencies, CPU per
# component, a capacity model; plots in target/e2e-benchmark/. Results: docs/benchmarks.md.
# Usage: bench/e2e.sh [minutes, default 5] [first rate in events/s, default 300]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/prerequisites.sh
./mvnw -B -q -DskipTests -Djacoco.skip=true package
exec java -Xms2g -Xmx2g -jar benchmarks/target/benchmarks-0.1.0-SNAPSHOT-exec.jar e2e "$@"
