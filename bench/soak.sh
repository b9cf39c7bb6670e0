#!/usr/bin/env bash
# The soak: the whole suite (each service in its own JVM beside the broker, registry and
# PostgreSQL) held at one rate of real-time simulated viewers who stay (a continuous
# audience) for [minutes] (30), by default 70% of the highest rate bench/e2e.sh held
# (3,700 events/s). Each minute: heap after GC per service, the aggregator's RocksDB size,
# consumer lags, open sessions and 202-to-progress percentiles; the
# aggregator's live objects by class at minute 3 and at the end; then the first third of
# the steady minutes against the last, and verify of everything sent. Plots, CSV and the
# histograms in target/soak-benchmark/. Results: docs/benchmarks.md.
# Usage: bench/soak.sh [minutes, default 30] [events/s, default 3700]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/prerequisites.sh
./mvnw -B -q -DskipTests -Djacoco.skip=true package
# the simulator holds every event of the soak in memory (6.7 million at the defaults)
exec java -Xms4g -Xmx4g -jar benchmarks/target/benchmarks-0.1.0-SNAPSHOT-exec.jar soak "$@"
