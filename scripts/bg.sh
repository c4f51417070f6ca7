#!/usr/bin/env bash
# Start or stop a background process of the demo by name, with a PID file in var/run/
# and a log in var/log/ (used by `make demo` / `make stop`).
#
#   scripts/bg.sh start NAME COMMAND [ARGS...]   start unless NAME is already running
#   scripts/bg.sh stop NAME                      stop the process (and its children)
#   scripts/bg.sh wait-http URL [SECONDS]        wait until URL answers
#
# SPDX-License-Identifier: AGPL-3.0-or-later
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var/run var/log

running() {
  local pidfile="var/run/$1.pid"
  [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

case "${1:-}" in
  start)
    name="$2"; shift 2
    if running "$name"; then
      echo "[bg] $name already running (pid $(cat "var/run/$name.pid"))"
      exit 0
    fi
    # own session: `stop` ends the process group, i.e. the command and its children only
    setsid "$@" >> "var/log/$name.log" 2>&1 < /dev/null &
    echo $! > "var/run/$name.pid"
    sleep 1
    if ! running "$name"; then
      echo "[bg] $name did not start; last lines of var/log/$name.log:"
      tail -20 "var/log/$name.log"
      rm -f "var/run/$name.pid"
      exit 1
    fi
    echo "[bg] $name started (pid $(cat "var/run/$name.pid"), log var/log/$name.log)"
    ;;
  stop)
    name="$2"
    if running "$name"; then
      pid="$(cat "var/run/$name.pid")"
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && { kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true; }
      echo "[bg] $name stopped"
    fi
    rm -f "var/run/$name.pid"
    ;;
  wait-http)
    url="$2"; seconds="${3:-30}"
    for _ in $(seq 1 $((seconds * 5))); do
      if .venv/bin/python -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" "$url" 2>/dev/null; then
        exit 0
      fi
      sleep 0.2
    done
    echo "[bg] $url did not answer within $seconds s"
    exit 1
    ;;
  *)
    echo "usage: $0 start NAME COMMAND... | stop NAME | wait-http URL [SECONDS]" >&2
    exit 2
    ;;
esac
