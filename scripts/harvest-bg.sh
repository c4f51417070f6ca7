#!/usr/bin/env bash
# Starts/stops the demo's harvest processes in the background: ckanext-harvest's gather
# and fetch consumers and the Jena scheduler loop (`ckan jena harvest schedule`).
# Logs: var/log/harvest-{gather,fetch,scheduler}.log; PIDs: var/run/harvest-*.pid.
# Stopping kills exactly the recorded PIDs (and their process groups).
#
#   scripts/harvest-bg.sh start INI     (CKAN_* service variables from the environment)
#   scripts/harvest-bg.sh stop
#   scripts/harvest-bg.sh status
# SPDX-License-Identifier: AGPL-3.0-or-later
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
LOG="$ROOT/var/log"
RUN="$ROOT/var/run"
CKAN="$ROOT/.venv/bin/ckan"
mkdir -p "$LOG" "$RUN"

declare -A CMDS=(
  [gather]="jena harvest consumer gather"
  [fetch]="jena harvest consumer fetch"
  [scheduler]="jena harvest schedule"
)

running() { [ -f "$RUN/harvest-$1.pid" ] && kill -0 "$(cat "$RUN/harvest-$1.pid")" 2>/dev/null; }

cmd_start() {
  local ini=${1:?usage: $0 start INI}
  for name in gather fetch scheduler; do
    if running "$name"; then
      echo "[harvest] $name already running (pid $(cat "$RUN/harvest-$name.pid"))"
      continue
    fi
    # shellcheck disable=SC2086
    setsid nohup "$CKAN" -c "$ini" ${CMDS[$name]} >> "$LOG/harvest-$name.log" 2>&1 < /dev/null &
    echo $! > "$RUN/harvest-$name.pid"
    echo "[harvest] $name started (pid $!, log var/log/harvest-$name.log)"
  done
}

cmd_stop() {
  for name in scheduler fetch gather; do
    local pidfile="$RUN/harvest-$name.pid"
    [ -f "$pidfile" ] || continue
    local pid; pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
      for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -KILL -- "-$pid" 2>/dev/null || true
      echo "[harvest] $name stopped"
    fi
    rm -f "$pidfile"
  done
}

cmd_status() {
  for name in gather fetch scheduler; do
    if running "$name"; then echo "harvest-$name: running (pid $(cat "$RUN/harvest-$name.pid"))"
    else echo "harvest-$name: stopped"; fi
  done
}

case "${1:-}" in
  start) shift; cmd_start "$@" ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) echo "usage: $0 start INI|stop|status" >&2; exit 64 ;;
esac
