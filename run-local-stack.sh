#!/usr/bin/env bash
# Builds the suite and runs all of it on this machine: Kafka (KRaft), PostgreSQL and the
# Apicurio schema registry as local servers on free ports, the four services, demo traffic.
# Ctrl-C stops everything. Options: --no-demo, --brokers=3 (a Kafka cluster as production runs
# it), --first-port=8081 (services take 8081..8084 when free, other free ports otherwise).
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/prerequisites.sh
./mvnw -B -q -DskipTests -Djacoco.skip=true package
exec java -jar local-stack/target/local-stack-0.1.0-SNAPSHOT-exec.jar "$@"
