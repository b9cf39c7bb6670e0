#!/usr/bin/env bash
# The ingest benchmark: ingest-api against a local broker and registry, loaded by wrk, beside
# the same HTTP server's ceiling and Kafka's ProducerPerformance, in one run. Prints figures;
# results are kept in docs/benchmarks.md. Usage: bench/ingest.sh [repeats, default 3]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/prerequisites.sh
if ! command -v wrk > /dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk > /dev/null
  else echo "Install wrk (apt-get install wrk)" >&2; exit 1; fi
fi
./mvnw -B -q -DskipTests -Djacoco.skip=true package
exec java -jar benchmarks/target/benchmarks-0.1.0-SNAPSHOT-exec.jar ingest "$@"
