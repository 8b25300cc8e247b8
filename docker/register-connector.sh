#!/bin/sh
# Registers the connector of $CONNECTOR_CONFIG (a REST body {"name": ..., "config": {...}}) with
# the Connect worker at $CONNECT_URL. Run once by docker-compose.yml after the worker is healthy.
# A connector of that name that already exists is left as it is (HTTP 409), so `up` can be re-run.
set -eu
url="${CONNECT_URL:?}"
config="${CONNECTOR_CONFIG:?}"

status=$(curl -sS -o /tmp/response -w '%{http_code}' \
  -X POST -H 'Content-Type: application/json' --data "@${config}" "${url}/connectors")
cat /tmp/response
echo
case "$status" in
  201) echo "Registered the connector from ${config}." ;;
  409) echo "The connector already exists (or the worker group is rebalancing); nothing changed." ;;
  *) echo "Connect refused the connector (HTTP ${status}); see the response above." >&2; exit 1 ;;
esac
