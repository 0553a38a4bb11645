#!/bin/sh
# One-shot, run in the temporalio/admin-tools image after the server is up: creates the namespace
# (the server no longer creates `default` by itself; temporalio/auto-setup used to) and the custom
# search attributes xuanren's workflows upsert. Idempotent: existing ones are left alone.
#   TEMPORAL_ADDRESS    frontend host:port
#   TEMPORAL_NAMESPACE  namespace to create (default: default)
#   NAMESPACE_RETENTION retention of closed workflows (default: 30d)
#   SEARCH_ATTRIBUTES   space-separated Name=Type pairs (Type: Keyword, Int, Datetime, ...)
set -eu

: "${TEMPORAL_ADDRESS:?TEMPORAL_ADDRESS is required}"
NAMESPACE=${TEMPORAL_NAMESPACE:-default}
RETENTION=${NAMESPACE_RETENTION:-30d}
SEARCH_ATTRIBUTES=${SEARCH_ATTRIBUTES:-}
MAX_ATTEMPTS=${MAX_ATTEMPTS:-60}
SLEEP_SECONDS=${SLEEP_SECONDS:-5}
# The server caches search attribute definitions for 60 s (common/searchattribute/manager.go,
# cacheRefreshInterval). Compose starts the worker and the API once this container exits, so after
# creating attributes we wait out that cache instead of turning on the dev-only dynamic config
# system.forceSearchAttributesCacheRefreshOnRead. Only the first start pays this.
CACHE_WAIT_SECONDS=${SEARCH_ATTRIBUTE_CACHE_WAIT_SECONDS:-65}

t() {
  temporal "$@" --address "$TEMPORAL_ADDRESS"
}

retry_or_fail() {
  if [ "$attempt" -ge "$MAX_ATTEMPTS" ]; then
    echo "$1 (gave up after $MAX_ATTEMPTS attempts)" >&2
    exit 1
  fi
  attempt=$((attempt + 1))
  sleep "$SLEEP_SECONDS"
}

echo "Waiting for Temporal at $TEMPORAL_ADDRESS..."
attempt=1
until t operator cluster health >/dev/null 2>&1; do
  retry_or_fail "Temporal did not become healthy"
done

attempt=1
until t operator namespace describe --namespace "$NAMESPACE" >/dev/null 2>&1; do
  if t operator namespace create --namespace "$NAMESPACE" --retention "$RETENTION"; then
    echo "Namespace '$NAMESPACE' created"
    break
  fi
  retry_or_fail "Could not create namespace '$NAMESPACE'"
done
echo "Namespace '$NAMESPACE' is ready"

created=0
for spec in $SEARCH_ATTRIBUTES; do
  name=${spec%%=*}
  type=${spec#*=}
  attempt=1
  while :; do
    if t operator search-attribute list --namespace "$NAMESPACE" 2>/dev/null | grep -qw "$name"; then
      echo "Search attribute $name already exists"
      break
    fi
    if out=$(t operator search-attribute create --namespace "$NAMESPACE" --name "$name" --type "$type" 2>&1); then
      echo "Search attribute $name ($type) created"
      created=1
      break
    fi
    case $out in
      *"already exists"*)
        echo "Search attribute $name already exists"
        break
        ;;
    esac
    echo "$out" >&2
    retry_or_fail "Could not create search attribute $name"
  done
done

if [ "$created" = 1 ] && [ "$CACHE_WAIT_SECONDS" -gt 0 ]; then
  echo "Waiting ${CACHE_WAIT_SECONDS}s for the server's search attribute cache to refresh"
  sleep "$CACHE_WAIT_SECONDS"
fi
echo "Temporal namespace '$NAMESPACE' and search attributes are ready"
