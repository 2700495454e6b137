#!/usr/bin/env bash
# Builds everything (without tests) and runs the whole platform on this machine: embedded Kafka (KRaft),
# embedded PostgreSQL (one database per service), an SMTP mail catcher, the six services and the gateway.
# Ctrl-C stops it. See README.md for the variables that point it at existing servers.
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -q -DskipTests install
exec java -jar local-platform/target/local-platform-*-exec.jar
