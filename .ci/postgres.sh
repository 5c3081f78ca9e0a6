#!/usr/bin/env bash
# Starts the local PostgreSQL cluster when it is not running (idempotent) and waits until it accepts
# connections on 127.0.0.1. Used by .ci/run before the destination tests.
# Env: PGHOST_CHECK (default 127.0.0.1), PG_WAIT_SECONDS (default 60).
set -euo pipefail

host="${PGHOST_CHECK:-127.0.0.1}"
wait_s="${PG_WAIT_SECONDS:-60}"

if pg_isready -q -h "$host"; then
  exit 0
fi

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "postgres.sh: pg_ctlcluster not found; install postgresql (apt-get install postgresql)" >&2
  exit 1
fi

version="$(ls /etc/postgresql | sort -V | tail -n 1)"
if [ -z "$version" ]; then
  echo "postgres.sh: no cluster under /etc/postgresql" >&2
  exit 1
fi

# "already running" is not an error: another caller may have started it between the check and now.
pg_ctlcluster --skip-systemctl-redirect "$version" main start || pg_isready -q -h "$host"

for _ in $(seq 1 "$((wait_s * 2))"); do
  if pg_isready -q -h "$host"; then
    echo "postgres.sh: PostgreSQL $version is ready on $host"
    exit 0
  fi
  sleep 0.5
done
echo "postgres.sh: PostgreSQL $version did not become ready on $host within ${wait_s}s" >&2
exit 1
