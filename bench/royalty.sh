#!/usr/bin/env bash
# The royalty-service benchmark: session revisions applied from the topic to the local
# PostgreSQL beside a plain batched insert into the same database, pass by pass after a
# warm-up pass; then the latency of a 10,000-video statement. Prints figures; results are
# kept in docs/benchmarks.md. Usage: bench/royalty.sh [revisions per pass, default 100000]
# [passes, default 5]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/prerequisites.sh
./mvnw -B -q -DskipTests -Djacoco.skip=true package
exec java -Xms1g -Xmx1g -jar benchmarks/target/benchmarks-0.1.0-SNAPSHOT-exec.jar royalty "$@"
