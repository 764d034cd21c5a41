#!/usr/bin/env bash
# A throw-away PostgreSQL server for the PG test suites (npm run test:pg) and the load bench.
#
#   eval "$(bash .ci/pg-setup.sh)"        # → export DAIBAN_TEST_DATABASE_URL=postgres://…
#   bash .ci/pg-setup.sh --stop           # stops it and deletes its folder
#
# Installs Debian's `postgresql` when no server binaries are found (apt-get), creates a data
# directory under ${DAIBAN_PG_DIR:-/tmp/daiban-pg}, starts a server on 127.0.0.1 on a free port
# (socket directory inside that folder, trust authentication, loopback only) as the `postgres`
# user when run as root, creates the database `daiban_test` and prints the export line on stdout.
# Everything else goes to stderr. Idempotent: a second run finds the running server and only
# prints the line again (≈0.1 s); a stopped one (reboot) is started again on a free port.
set -euo pipefail

PGROOT="${DAIBAN_PG_DIR:-/tmp/daiban-pg}"
DB="${DAIBAN_PG_DB:-daiban_test}"
log() { echo "pg-setup: $*" >&2; }

find_bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ]; then echo "$d"; return 0; fi
  done
  if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then dirname "$(command -v pg_ctl)"; return 0; fi
  return 1
}

# As root, the server runs as `postgres` (it refuses to run as root); otherwise as the caller.
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "${1:-}" = "--stop" ]; then
  if BIN=$(find_bindir) && [ -f "$PGROOT/data/PG_VERSION" ]; then
    as_pg "$BIN/pg_ctl" -D "$PGROOT/data" -m fast -w stop >&2 || true
  fi
  rm -rf "$PGROOT"
  log "stopped, removed $PGROOT"
  exit 0
fi

if ! BIN=$(find_bindir); then
  if [ "$(id -u)" != 0 ]; then log "PostgreSQL is not installed and this is not root: apt-get install postgresql"; exit 1; fi
  log "installing Debian's postgresql (apt-get)…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >/dev/null
  # the package may create and start a cluster of its own on 5432; it is not used here
  BIN=$(find_bindir) || { log "postgresql installed but no initdb/pg_ctl found"; exit 1; }
fi
if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
  useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
fi

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

mkdir -p "$PGROOT"
if [ "$(id -u)" = 0 ]; then chown postgres: "$PGROOT"; fi
chmod 700 "$PGROOT"

running() {
  [ -f "$PGROOT/data/postmaster.pid" ] && as_pg "$BIN/pg_ctl" -D "$PGROOT/data" status >/dev/null 2>&1
}

if [ ! -f "$PGROOT/data/PG_VERSION" ]; then
  rm -rf "$PGROOT/data"
  log "initdb $PGROOT/data ($("$BIN/postgres" --version))"
  as_pg "$BIN/initdb" -D "$PGROOT/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  mkdir -p "$PGROOT/sock"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$PGROOT/sock"; fi
  cat >>"$PGROOT/data/postgresql.conf" <<EOF
# daiban test server (.ci/pg-setup.sh)
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PGROOT/sock'
max_connections = 200
shared_buffers = 256MB
work_mem = 16MB
maintenance_work_mem = 256MB
max_wal_size = 2GB
wal_level = minimal
max_wal_senders = 0
logging_collector = off
log_min_messages = warning
EOF
fi

if running; then
  PORT=$(sed -n 4p "$PGROOT/data/postmaster.pid")
  log "already running on 127.0.0.1:$PORT"
else
  rm -f "$PGROOT/data/postmaster.pid"
  PORT=$(free_port)
  log "starting on 127.0.0.1:$PORT"
  as_pg "$BIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/server.log" -o "-p $PORT" -w -t 60 start >/dev/null \
    || { cat "$PGROOT/server.log" >&2; exit 1; }
fi

PSQL=("$BIN/psql" -X -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1)
[ -x "$BIN/psql" ] || PSQL=(psql -X -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1)
if [ "$("${PSQL[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != 1 ]; then
  "${PSQL[@]}" -c "CREATE DATABASE \"$DB\"" >&2
fi
ICU=$("${PSQL[@]}" -tAc "SELECT count(*) FROM pg_collation WHERE collprovider = 'i'")
[ "$ICU" != 0 ] || log "warning: this server has no ICU collations; Chinese text sorts by code point (see runtime/store/pg/migrations.ts)"

echo "export DAIBAN_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$PORT/$DB"
