#!/usr/bin/env bash
# Benchmarks; each prints its figures and asserts nothing about time.
#   ./benchmark.sh [customers]          first flow: N customers (default 10000) -> invoices -> emails
#   ./benchmark.sh billing-run [subs] [days]   100,000 subscriptions over 10 cut dates: invoices/s, p50/p99 cut -> InvoiceIssued
#   ./benchmark.sh one-cut-date [subs]  1,000,000 subscriptions on one cut date: time to the last InvoiceIssued, peak memory
#   ./benchmark.sh invoice-volume       1,000,000 invoices: overdue scan over 100,000, saved-filter queries p50/p95
#   ./benchmark.sh outage [subs] [s]    a billing run of 2,000 through a PostgreSQL outage of 60 s: what it leaves
#   ./benchmark.sh collections [invoices] [steps]  100,000 plans from InvoiceIssued; one day's scan over 1,000,000 planned steps
#   ./benchmark.sh emails [count]       5,000 invoice emails with their PDFs from Kafka to SMTP: emails handed over per second
#   ./benchmark.sh payments [count] [rate]  10,000 sandbox callbacks at 200/s: p50/p99 callback -> InvoicePaid; reconciling 10,000 open checkouts
set -euo pipefail
cd "$(dirname "$0")"
mode="${1:-10000}"
./mvnw -q -DskipTests install
case "$mode" in
  billing-run)
    ./mvnw -pl system-tests failsafe:integration-test failsafe:verify -Dit.test=BillingRunBenchmark \
      -Dbenchmark.subscriptions="${2:-100000}" -Dbenchmark.days="${3:-10}" | sed -n '/=== billing-run benchmark/,/=== end ===/p' ;;
  one-cut-date)
    ./mvnw -pl system-tests failsafe:integration-test failsafe:verify -Dit.test=OneCutDateBenchmark \
      -Dbenchmark.subscriptions="${2:-1000000}" | sed -n '/=== one-cut-date benchmark/,/=== end ===/p' ;;
  outage)
    ./mvnw -pl system-tests failsafe:integration-test failsafe:verify -Dit.test=DatabaseOutageBenchmark \
      -Dbenchmark.subscriptions="${2:-2000}" -Dbenchmark.outage-seconds="${3:-60}" \
      | sed -n '/=== database outage benchmark/,/=== end ===/p' ;;
  collections)
    ./mvnw -pl reminder-service failsafe:integration-test failsafe:verify -Dit.test=CollectionsBenchmark \
      -Dbenchmark.invoices="${2:-100000}" -Dbenchmark.steps="${3:-1000000}" | sed -n '/=== collections benchmark/,/=== end ===/p' ;;
  emails)
    ./mvnw -pl notification-service failsafe:integration-test failsafe:verify -Dit.test=EmailThroughputBenchmark \
      -Dbenchmark.emails="${2:-5000}" | sed -n '/=== email throughput benchmark/,/=== end ===/p' ;;
  payments)
    ./mvnw -pl system-tests failsafe:integration-test failsafe:verify -Dit.test=PaymentsBenchmark \
      -Dbenchmark.payments="${2:-10000}" -Dbenchmark.rate="${3:-200}" | sed -n '/=== payments benchmark/,/=== end ===/p' ;;
  invoice-volume)
    ./mvnw -pl invoice-service failsafe:integration-test failsafe:verify -Dit.test=InvoiceVolumeBenchmark \
      | sed -n '/=== invoice volume benchmark/,/=== end ===/p' ;;
  *)
    ./mvnw -pl system-tests failsafe:integration-test failsafe:verify -Dit.test=FirstFlowBenchmark \
      -Dbenchmark.customers="$mode" | sed -n '/=== first-flow benchmark/,/=== end ===/p' ;;
esac
