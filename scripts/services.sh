#!/usr/bin/env bash
# Installs, starts, stops and checks the portal's services: PostgreSQL 15, Redis, Solr 9.
# Everything binds to 127.0.0.1; data, logs and PID files live under var/ (git-ignored).
#
#   scripts/services.sh install   apt packages, Maven build of the Solr launcher
#   scripts/services.sh start     start all (idempotent), create role + databases, wait until ready
#   scripts/services.sh stop      stop all services started from this checkout
#   scripts/services.sh status    one line per service
#
# Ports come from the environment (defaults in brackets): JENA_PG_PORT [5433],
# JENA_REDIS_PORT [6379], JENA_SOLR_PORT [8983]. JENA_SOLR_HEAP [512m].
# SPDX-License-Identifier: AGPL-3.0-or-later
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
VAR="$ROOT/var"
LOG="$VAR/log"
RUN="$VAR/run"
PG_PORT=${JENA_PG_PORT:-5433}
REDIS_PORT=${JENA_REDIS_PORT:-6379}
SOLR_PORT=${JENA_SOLR_PORT:-8983}
SOLR_HEAP=${JENA_SOLR_HEAP:-512m}
READY_TIMEOUT=${JENA_READY_TIMEOUT:-120}
PG_VERSION=15
# One cluster per checkout, so a second clone never touches the first one's data.
PG_CLUSTER="jena_$(printf '%s' "$ROOT" | md5sum | cut -c1-8)"
PG_DATA="$VAR/postgresql"
DB_USER=ckan
DB_PASS=ckan
DATABASES=(ckan_demo ckan_test)

say()  { printf '[services] %s\n' "$*"; }
fail() { printf '[services] FEHLER/ERROR: %s\n' "$*" >&2; exit 1; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }

check_disk() {
  mkdir -p "$VAR" 2>/dev/null || fail "cannot create $VAR (disk full or read-only?)"
  local avail
  avail=$(df -Pk "$VAR" | awk 'NR==2 {print $4}')
  [ "${avail:-0}" -gt 524288 ] || fail "less than 512 MiB free on the disk holding $VAR; free space and rerun"
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# ---------------------------------------------------------------------------- install
apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -q >"$LOG/apt.log" 2>&1 || fail "apt-get update failed, see $LOG/apt.log"
  as_root apt-get install -y -q --no-install-recommends "${missing[@]}" >>"$LOG/apt.log" 2>&1 \
    || fail "apt-get install ${missing[*]} failed, see $LOG/apt.log"
}

solr_build() {
  command -v java >/dev/null || fail "Solr: java not found (install a Java 17 JDK: apt-get install openjdk-17-jdk-headless)"
  command -v mvn  >/dev/null || fail "Solr: mvn not found (apt-get install maven)"
  local dir="$ROOT/config/solr"
  if [ -f "$dir/target/classpath.txt" ] && [ -f "$dir/target/classes/de/jena/opendata/solr/JenaSolr.class" ] \
     && [ "$dir/target/classpath.txt" -nt "$dir/pom.xml" ] \
     && [ "$dir/target/classes/de/jena/opendata/solr/JenaSolr.class" -nt "$dir/src/main/java/de/jena/opendata/solr/JenaSolr.java" ]; then
    return 0
  fi
  say "building the Solr launcher with Maven (first run downloads Solr 9.10.1, log: $LOG/solr-build.log)"
  (cd "$dir" && mvn -B -DskipTests package) >"$LOG/solr-build.log" 2>&1 \
    || fail "Solr: Maven build failed (Maven Central unreachable?), see $LOG/solr-build.log"
}

cmd_install() {
  mkdir -p "$LOG" "$RUN"
  check_disk
  apt_install postgresql-15 postgresql-client-15 postgresql-common libpq-dev redis-server
  solr_build
}

# ---------------------------------------------------------------------------- PostgreSQL
pg_start() {
  # A cluster registered for this path whose data directory is gone (an earlier clone at
  # the same path was deleted): forget it and create it anew.
  if pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -qx "$PG_VERSION $PG_CLUSTER" \
     && [ ! -f "$PG_DATA/PG_VERSION" ]; then
    say "PostgreSQL cluster $PG_CLUSTER has no data directory any more: re-creating it"
    as_root pg_dropcluster "$PG_VERSION" "$PG_CLUSTER" >/dev/null 2>&1 \
      || as_root rm -rf "/etc/postgresql/$PG_VERSION/$PG_CLUSTER"
  fi
  if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -qx "$PG_VERSION $PG_CLUSTER"; then
    say "creating PostgreSQL cluster $PG_CLUSTER in $PG_DATA (port $PG_PORT)"
    mkdir -p "$PG_DATA"
    chown postgres:postgres "$PG_DATA" 2>/dev/null || as_root chown postgres:postgres "$PG_DATA"
    as_root pg_createcluster "$PG_VERSION" "$PG_CLUSTER" --datadir="$PG_DATA" --port="$PG_PORT" \
      --logfile="$LOG/postgresql.log" -- --auth-local=peer --auth-host=scram-sha-256 \
      >"$LOG/postgresql-init.log" 2>&1 || fail "PostgreSQL: pg_createcluster failed, see $LOG/postgresql-init.log"
    printf "listen_addresses = '127.0.0.1'\nunix_socket_directories = '/var/run/postgresql'\nfsync = %s\n" \
      "${JENA_PG_FSYNC:-on}" | as_root tee "/etc/postgresql/$PG_VERSION/$PG_CLUSTER/conf.d/jena.conf" >/dev/null
    touch "$LOG/postgresql.log"; chown postgres:postgres "$LOG/postgresql.log" 2>/dev/null || true
  fi
  local status
  status=$(pg_lsclusters -h | awk -v c="$PG_CLUSTER" '$2==c {print $4}')
  if [ "$status" != online ]; then
    if port_busy "$PG_PORT"; then fail "PostgreSQL: port 127.0.0.1:$PG_PORT is taken by another program (set JENA_PG_PORT), log: $LOG/postgresql.log"; fi
    as_root pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start >>"$LOG/postgresql-init.log" 2>&1 \
      || fail "PostgreSQL: could not start cluster $PG_CLUSTER, see $LOG/postgresql.log"
  fi
}

pg_wait() {
  local t=0
  until as_postgres pg_isready -q -h 127.0.0.1 -p "$PG_PORT"; do
    t=$((t+1)); [ $t -ge "$READY_TIMEOUT" ] && fail "PostgreSQL not accepting connections on 127.0.0.1:$PG_PORT after ${READY_TIMEOUT}s, see $LOG/postgresql.log"
    sleep 1
  done
}

pg_provision() {
  local psql=(as_postgres psql -p "$PG_PORT" -h /var/run/postgresql -v ON_ERROR_STOP=1 -qtA)
  if [ "$("${psql[@]}" -c "SELECT 1 FROM pg_roles WHERE rolname='$DB_USER'")" != 1 ]; then
    say "creating PostgreSQL role $DB_USER"
    "${psql[@]}" -c "CREATE ROLE $DB_USER LOGIN PASSWORD '$DB_PASS'" >/dev/null
  fi
  for db in "${DATABASES[@]}" "$@"; do
    if [ "$("${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname='$db'")" != 1 ]; then
      say "creating database $db"
      "${psql[@]}" -c "CREATE DATABASE $db OWNER $DB_USER ENCODING 'UTF8' TEMPLATE template0" >/dev/null
    fi
  done
}

pg_stop() {
  if pg_lsclusters -h 2>/dev/null | awk -v c="$PG_CLUSTER" '$2==c && $4=="online"' | grep -q .; then
    as_root pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" stop -m fast || true
  fi
}

# ---------------------------------------------------------------------------- Redis
redis_ping() { timeout 3 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }

redis_start() {
  command -v redis-server >/dev/null || fail "Redis: redis-server not installed (run: scripts/services.sh install)"
  if redis_ping; then return 0; fi
  port_busy "$REDIS_PORT" && fail "Redis: port 127.0.0.1:$REDIS_PORT is taken by another program (set JENA_REDIS_PORT)"
  mkdir -p "$VAR/redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$VAR/redis" \
    --logfile "$LOG/redis.log" --pidfile "$RUN/redis.pid" --save "" --appendonly no \
    || fail "Redis: could not start, see $LOG/redis.log"
}

redis_wait() {
  local t=0
  until redis_ping; do
    t=$((t+1)); [ $t -ge "$READY_TIMEOUT" ] && fail "Redis does not answer PING on 127.0.0.1:$REDIS_PORT after ${READY_TIMEOUT}s, see $LOG/redis.log"
    sleep 1
  done
}

redis_stop() {
  if [ -f "$RUN/redis.pid" ] && kill -0 "$(cat "$RUN/redis.pid")" 2>/dev/null; then
    kill "$(cat "$RUN/redis.pid")"; rm -f "$RUN/redis.pid"
  fi
}

# ---------------------------------------------------------------------------- Solr
solr_running() { [ -f "$VAR/solr/solr.pid" ] && kill -0 "$(cat "$VAR/solr/solr.pid")" 2>/dev/null; }

solr_start() {
  solr_running && return 0
  solr_build
  port_busy "$SOLR_PORT" && fail "Solr: port 127.0.0.1:$SOLR_PORT is taken by another program (set JENA_SOLR_PORT), log: $LOG/solr.log"
  local home="$VAR/solr/home"
  mkdir -p "$home/ckan/conf"
  # Configuration is copied fresh on every start; the index (ckan/data) is kept.
  cp "$ROOT/config/solr/home/solr.xml" "$home/solr.xml"
  cp "$ROOT/config/solr/home/ckan/core.properties" "$home/ckan/core.properties"
  rm -rf "$home/ckan/conf"; cp -r "$ROOT/config/solr/home/ckan/conf" "$home/ckan/conf"
  rm -f "$VAR/solr/solr.pid" "$VAR/solr/solr.port"
  local cp; cp="$ROOT/config/solr/target/classes:$(cat "$ROOT/config/solr/target/classpath.txt")"
  nohup java -Xmx"$SOLR_HEAP" -Xss1m -Djava.awt.headless=true -Dsolr.log.dir="$LOG" \
    -Dlog4j2.formatMsgNoLookups=true -cp "$cp" de.jena.opendata.solr.JenaSolr \
    "$home" "$SOLR_PORT" "$VAR/solr" >"$LOG/solr.log" 2>&1 &
  local jpid=$!
  local t=0
  until [ -f "$VAR/solr/solr.pid" ]; do
    if ! kill -0 "$jpid" 2>/dev/null; then
      wait "$jpid" 2>/dev/null; local rc=$?
      grep -E '^jena-solr:|^  ckan:' "$LOG/solr.log" >&2 || true
      fail "Solr exited with status $rc before core 'ckan' was ready, see $LOG/solr.log"
    fi
    t=$((t+1)); [ $t -ge $((READY_TIMEOUT*2)) ] && { kill "$jpid" 2>/dev/null; fail "Solr did not start within ${READY_TIMEOUT}s, see $LOG/solr.log"; }
    sleep 0.5
  done
}

solr_wait() {
  local t=0
  until curl -fsS -o /dev/null "http://127.0.0.1:$SOLR_PORT/solr/ckan/select?q=*:*&rows=0"; do
    t=$((t+1)); [ $t -ge "$READY_TIMEOUT" ] && fail "Solr /solr/ckan/select does not answer on 127.0.0.1:$SOLR_PORT after ${READY_TIMEOUT}s, see $LOG/solr.log"
    sleep 1
  done
}

solr_stop() {
  if solr_running; then
    local pid; pid=$(cat "$VAR/solr/solr.pid")
    kill "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    rm -f "$VAR/solr/solr.pid" "$VAR/solr/solr.port"
  fi
}

# ---------------------------------------------------------------------------- commands
cmd_start() {
  mkdir -p "$LOG" "$RUN"
  check_disk
  pg_start; redis_start; solr_start
  pg_wait; pg_provision "$@"; redis_wait; solr_wait
  say "PostgreSQL 127.0.0.1:$PG_PORT, Redis 127.0.0.1:$REDIS_PORT, Solr http://127.0.0.1:$SOLR_PORT/solr/ckan ready (logs: $LOG)"
}

cmd_stop() {
  solr_stop; redis_stop; pg_stop
  say "services stopped"
}

cmd_status() {
  local pg; pg=$(pg_lsclusters -h 2>/dev/null | awk -v c="$PG_CLUSTER" '$2==c {print $4}')
  echo "postgresql $PG_CLUSTER port $PG_PORT: ${pg:-absent}"
  if redis_ping; then echo "redis port $REDIS_PORT: online"; else echo "redis port $REDIS_PORT: down"; fi
  if solr_running; then echo "solr port $SOLR_PORT: online (pid $(cat "$VAR/solr/solr.pid"))"; else echo "solr port $SOLR_PORT: down"; fi
}

case "${1:-}" in
  install) cmd_install ;;
  start) shift; cmd_start "$@" ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  createdb) shift; pg_wait; pg_provision "$@" ;;
  *) echo "usage: $0 install|start [extra databases...]|stop|status|createdb DB..." >&2; exit 64 ;;
esac
