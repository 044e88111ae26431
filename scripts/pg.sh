#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the tests: created in DIR (under the build directory),
# listening on 127.0.0.1 on a free port (and a unix socket in DIR), trust authentication, no
# fsync (it holds nothing worth a power cut; the store still commits with synchronous_commit on).
#
#   scripts/pg.sh start DIR   initdb DIR once, start it, create database "lagesbild", print its URL
#   scripts/pg.sh url DIR     print the URL of the running cluster
#   scripts/pg.sh stop DIR    stop the cluster (the files stay for the next start)
#
# PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` system user.
set -euo pipefail
PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
[ $# -eq 2 ] || { echo "usage: $0 start|url|stop DIR" >&2; exit 2; }
action="$1"
DIR="$(realpath -m "$2")"
DATA="$DIR/data"

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

url() { echo "postgresql://postgres@127.0.0.1:$(cat "$DIR/port")/lagesbild"; }

running() { [ -f "$DIR/port" ] && as_owner "$PGBIN/pg_ctl" -D "$DATA" status > /dev/null 2>&1; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
  [ -x "$PGBIN/initdb" ] || { echo "error: $PGBIN/initdb not found (scripts/setup.sh installs postgresql)" >&2; exit 1; }
  if running; then url; return; fi
  if [ "$(id -u)" = 0 ] && [ ! -e "$DIR" ] && ! runuser -u postgres -- test -x "$(dirname "$DIR")"; then
    # The postgres user cannot reach the build directory (under /root, say): the cluster lives
    # in /tmp, and DIR points at it.
    mkdir -p "$(dirname "$DIR")"
    ln -s "$(mktemp -d /tmp/lagesbild-pg.XXXXXX)" "$DIR"
  fi
  mkdir -p "$DIR"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$DIR" "$(realpath "$DIR")"; fi
  if [ ! -f "$DATA/PG_VERSION" ]; then
    as_owner "$PGBIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
      > "$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; exit 1; }
  fi
  # A port found free can be taken before the server binds it: try a few.
  for _ in 1 2 3 4 5; do
    local port
    port="$(free_port)"
    echo "$port" > "$DIR/port"
    local options="-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='$DIR'"
    options+=" -c fsync=off -c full_page_writes=off -c max_connections=200"
    if as_owner "$PGBIN/pg_ctl" -D "$DATA" -l "$DIR/server.log" -w -t 60 -o "$options" start \
        > /dev/null; then
      as_owner "$PGBIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qAt \
        -c "SELECT 1 FROM pg_database WHERE datname = 'lagesbild'" | grep -q 1 ||
        as_owner "$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U postgres lagesbild
      url
      return
    fi
  done
  echo "error: PostgreSQL did not start; see $DIR/server.log" >&2
  tail -n 20 "$DIR/server.log" >&2 || true
  exit 1
}

stop() {
  if [ -f "$DATA/PG_VERSION" ]; then
    as_owner "$PGBIN/pg_ctl" -D "$DATA" -m fast -w stop > /dev/null 2>&1 || true
  fi
}

case "$action" in
  start) start ;;
  url) running && url ;;
  stop) stop ;;
  *) echo "usage: $0 start|url|stop DIR" >&2; exit 2 ;;
esac
