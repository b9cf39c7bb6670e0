#!/usr/bin/env bash
# How long an aggregator instance whose state directory was lost takes to restore it from the
# changelogs, per GB, beside a restart with its state kept, in one run. Prints a table; results
# are kept in docs/benchmarks.md. Usage: bench/restore.sh [playbacks, default 300000] [repeats, default 3]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/prerequisites.sh
./mvnw -B -q -DskipTests -Djacoco.skip=true package
# the collector the aggregator runs with in its deployments (aggregator.jvmOptions in the Helm chart)
exec java -XX:+UseParallelGC -Xms2g -Xmx2g -jar benchmarks/target/benchmarks-0.1.0-SNAPSHOT-exec.jar restore "$@"
