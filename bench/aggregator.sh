#!/usr/bin/env bash
# The session-aggregator benchmark: one instance, exactly-once, on pre-produced heartbeats,
# beside Kafka's ConsumerPerformance on the same topic in one run; state per open session;
# freshness from a heartbeat's 202 to the progress API. Prints figures; results are kept in
# docs/benchmarks.md. Usage: bench/aggregator.sh [repeats, default 3] [playbacks, default 100000]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/prerequisites.sh
./mvnw -B -q -DskipTests -Djacoco.skip=true package
# the collector the aggregator runs with in its deployments (aggregator.jvmOptions in the Helm chart)
exec java -XX:+UseParallelGC -Xms2g -Xmx2g -jar benchmarks/target/benchmarks-0.1.0-SNAPSHOT-exec.jar aggregator "$@"
