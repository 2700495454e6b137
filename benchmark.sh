#!/usr/bin/env bash
# Runs the first-flow benchmark: N customers with monthly subscriptions (default 10000), the test clock
# moves over their cut date, and it prints invoices issued per second and the time until the last email.
set -euo pipefail
cd "$(dirname "$0")"
customers="${1:-10000}"
./mvnw -q -DskipTests install
./mvnw -pl system-tests failsafe:integration-test failsafe:verify -Dit.test=FirstFlowBenchmark \
  -Dbenchmark.customers="$customers" -DtrimStackTrace=false | sed -n '/=== first-flow benchmark/,/=== end ===/p'
