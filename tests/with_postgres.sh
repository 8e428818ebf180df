#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL server: the store's tests pass on SQLite and PostgreSQL.
#
#   tests/with_postgres.sh COMMAND...
#
# Finds Debian's PostgreSQL server (installs it with apt-get when missing and running as root),
# creates a cluster in a temporary folder, starts it on a free port of 127.0.0.1 only, runs
# COMMAND with BILDUNGSMONITOR_TEST_DATABASE_URL set, then stops the server and removes the folder.
set -euo pipefail

find_bindir() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
  done
  return 1
}

bindir=$(find_bindir || true)
if [ -z "$bindir" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "PostgreSQL fehlt: installiere Debians Paket postgresql …"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    bindir=$(find_bindir)
  else
    echo "PostgreSQL fehlt für die Datenbanktests: bitte als root 'apt-get install postgresql' ausführen." >&2
    exit 1
  fi
fi

work=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_owner=()
if [ "$(id -u)" = "0" ]; then
  chown postgres "$work"
  as_owner=(runuser -u postgres --)
fi

stop() {
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap stop EXIT

"${as_owner[@]}" "$bindir/initdb" -D "$work/data" -A trust -U postgres -E UTF8 >"$work/initdb.log" 2>&1 \
  || { cat "$work/initdb.log" >&2; exit 1; }
"${as_owner[@]}" "$bindir/pg_ctl" -D "$work/data" -l "$work/server.log" -w -t 60 \
  -o "-p $port -k $work -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null \
  || { cat "$work/server.log" >&2; exit 1; }
"${as_owner[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres bildungsmonitor_test

echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') auf 127.0.0.1:$port"
BILDUNGSMONITOR_TEST_DATABASE_URL="postgresql://postgres@127.0.0.1:$port/bildungsmonitor_test" "$@"
