#!/usr/bin/env bash
# The production database topology, on this machine, for tests and people: a PostgreSQL primary,
# streaming standbys (pg_basebackup -R) and PgBouncer in transaction mode in front of the primary,
# each in one temporary folder on free loopback ports. Nothing touches the machine's own cluster.
#
#   scripts/topology.sh up [--standbys N] [--synchronous]
#                                           starts them; prints KEY=VALUE lines (URLs, the folder).
#                                           --synchronous: every commit waits until the standbys have
#                                           applied it (synchronous_commit = remote_apply), so a test
#                                           can read on a standby right after writing on the primary
#   scripts/topology.sh restart DIR         fast restart of the primary (pg_ctl restart -m fast)
#   scripts/topology.sh stop|start DIR NAME stops (fast) or starts one server: primary, standby1, …
#   scripts/topology.sh down DIR            stops everything `up` started in DIR and removes DIR
#
# PgBouncer is configured as most installs are: transaction pooling, and only extra_float_digits
# among the ignored startup parameters; server_login_retry is shortened (see below). Needs PostgreSQL's server binaries (PG_BIN, else the newest
# /usr/lib/postgresql/*/bin, else PATH) and pgbouncer. As root, the servers run as the `postgres`
# user (initdb and pgbouncer refuse root).
set -euo pipefail

MARKER=.flowgate-topology

pg_bin() {
  if [ -n "${PG_BIN:-}" ]; then printf '%s' "$PG_BIN"; return; fi
  local newest
  newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -n "$newest" ]; then printf '%s' "$newest"; else dirname "$(command -v initdb)"; fi
}

need() {
  [ -x "$(pg_bin)/initdb" ] || { echo "topology: PostgreSQL server binaries not found (set PG_BIN, or apt-get install postgresql)" >&2; exit 2; }
  command -v pgbouncer >/dev/null || { echo "topology: pgbouncer not found (apt-get install pgbouncer)" >&2; exit 2; }
}

# Runs a command as the servers' owner: `postgres` when we are root, else ourselves.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

start_server() { # data dir, port
  as_owner "$(pg_bin)/pg_ctl" -D "$1" -l "$1.log" -w -t 60 start \
    -o "-p $2 -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir" >/dev/null
}

url() { printf 'postgresql://postgres:postgres@127.0.0.1:%s/postgres' "$1"; }

up() {
  local standbys=1 synchronous=''
  while [ $# -gt 0 ]; do
    case $1 in
      --standbys) standbys=$2; shift 2 ;;
      --synchronous) synchronous=1; shift ;;
      *) echo "topology: unknown option $1" >&2; exit 2 ;;
    esac
  done
  need
  dir=$(mktemp -d "${TMPDIR:-/tmp}/flowgate-topology-XXXXXX")
  touch "$dir/$MARKER"
  [ "$(id -u)" -ne 0 ] || chown postgres: "$dir"
  # Whatever failed half-way is stopped and removed: a failed `up` leaves nothing running.
  trap 'down "$dir" >/dev/null 2>&1 || true' ERR

  local bin primary_port bouncer_port standby_urls=''
  bin=$(pg_bin)
  primary_port=$(free_port)
  as_owner "$bin/initdb" -A trust -U postgres -D "$dir/primary" >/dev/null
  cat >>"$dir/primary/postgresql.conf" <<EOF
wal_level = replica
max_wal_senders = 10
hot_standby = on
max_connections = 200
EOF
  echo 'host replication all 127.0.0.1/32 trust' >>"$dir/primary/pg_hba.conf"
  start_server "$dir/primary" "$primary_port"
  echo "$primary_port" >"$dir/primary.port"

  for n in $(seq 1 "$standbys"); do
    local port
    port=$(free_port)
    # -c fast: an immediate checkpoint; a spread one may take minutes (FINDINGS.md).
    as_owner "$bin/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U postgres -D "$dir/standby$n" -R -c fast -X stream >/dev/null
    start_server "$dir/standby$n" "$port"
    echo "$port" >"$dir/standby$n.port"
    standby_urls="${standby_urls:+$standby_urls,}$(url "$port")"
  done

  if [ -n "$synchronous" ]; then
    as_owner "$bin/psql" -q -h 127.0.0.1 -p "$primary_port" -U postgres -d postgres \
      -c "ALTER SYSTEM SET synchronous_standby_names = '*'" -c "ALTER SYSTEM SET synchronous_commit = 'remote_apply'" \
      -c "SELECT pg_reload_conf()" >/dev/null
  fi

  bouncer_port=$(free_port)
  printf '"postgres" "postgres"\n' >"$dir/userlist.txt"
  cat >"$dir/pgbouncer.ini" <<EOF
[databases]
* = host=127.0.0.1 port=$primary_port
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $bouncer_port
unix_socket_dir =
auth_type = trust
auth_file = $dir/userlist.txt
pool_mode = transaction
ignore_startup_parameters = extra_float_digits
; After a failed server login PgBouncer refuses every client at once for this long (default 15 s):
; across a 2 s primary restart that is 15 s of errors. 1 s keeps the refusals inside the gateway's
; retry window (DATABASE_ACQUIRE_TIMEOUT_MS).
server_login_retry = 1
max_client_conn = 1000
default_pool_size = 40
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
EOF
  [ "$(id -u)" -ne 0 ] || chown postgres: "$dir/pgbouncer.ini" "$dir/userlist.txt"
  as_owner pgbouncer -d -q "$dir/pgbouncer.ini"
  for _ in $(seq 1 100); do
    "$bin/pg_isready" -q -h 127.0.0.1 -p "$bouncer_port" -d postgres && break
    sleep 0.1
  done
  "$bin/pg_isready" -q -h 127.0.0.1 -p "$bouncer_port" -d postgres

  trap - ERR
  echo "TOPOLOGY_DIR=$dir"
  echo "PRIMARY_URL=$(url "$primary_port")"
  echo "STANDBY_URLS=$standby_urls"
  echo "PGBOUNCER_URL=$(url "$bouncer_port")"
}

owned() {
  [ -n "${1:-}" ] && [ -f "$1/$MARKER" ] || { echo "topology: $1 is not a folder topology.sh made" >&2; exit 2; }
}

restart() {
  owned "$1"
  dir=$1
  as_owner "$(pg_bin)/pg_ctl" -D "$dir/primary" -m fast -w -t 60 restart \
    -o "-p $(cat "$dir/primary.port") -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir" >/dev/null
}

server_named() { # dir, name: the data folder of `primary` or `standbyN`
  owned "$1"
  [[ ${2:-} =~ ^(primary|standby[0-9]+)$ ]] && [ -f "$1/$2.port" ] || { echo "topology: no server named ${2:-} in $1" >&2; exit 2; }
}

stop_one() {
  server_named "$1" "${2:-}"
  as_owner "$(pg_bin)/pg_ctl" -D "$1/$2" -m fast -w -t 60 stop >/dev/null
}

start_one() {
  server_named "$1" "${2:-}"
  dir=$1
  start_server "$dir/$2" "$(cat "$dir/$2.port")"
}

down() {
  owned "$1"
  local target=$1 data
  if [ -f "$target/pgbouncer.pid" ]; then kill "$(cat "$target/pgbouncer.pid")" 2>/dev/null || true; fi
  for data in "$target"/standby* "$target/primary"; do
    [ -f "$data/postmaster.pid" ] && as_owner "$(pg_bin)/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
  done
  rm -rf "$target"
}

case ${1:-} in
  up) shift; up "$@" ;;
  restart) restart "${2:-}" ;;
  stop) stop_one "${2:-}" "${3:-}" ;;
  start) start_one "${2:-}" "${3:-}" ;;
  down) down "${2:-}" ;;
  *) echo "usage: $0 up [--standbys N] | restart DIR | stop DIR NAME | start DIR NAME | down DIR" >&2; exit 2 ;;
esac
