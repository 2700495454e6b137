#!/usr/bin/env bash
# Dead letters from the command line, through the gateway: list a service's dead letters, inspect one
# (headers and value), or replay one to the consumer group that gave up on it.
#   ./dlq.sh list   <service>         e.g. ./dlq.sh list invoice
#   ./dlq.sh show   <service> <id>    e.g. ./dlq.sh show invoice billing.events.dlq-0-17
#   ./dlq.sh replay <service> <id>
# <service> is billing, invoice, reminder, payment, notification or dispute. GATEWAY_URL (default
# http://localhost:8080) says where the gateway is.
set -euo pipefail
gateway="${GATEWAY_URL:-http://localhost:8080}"
usage() { sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
[ $# -ge 2 ] || usage
command="$1" service="$2"
case "$service" in billing|invoice|reminder|payment|notification|dispute) ;; *) echo "unknown service: $service" >&2; usage ;; esac
case "$command" in
  list)   curl -sS --fail-with-body "$gateway/api/dlq/$service" ;;
  show)   [ $# -eq 3 ] || usage; curl -sS --fail-with-body "$gateway/api/dlq/$service/$3" ;;
  replay) [ $# -eq 3 ] || usage; curl -sS --fail-with-body -X POST "$gateway/api/dlq/$service/$3/replay" ;;
  *) usage ;;
esac
echo
