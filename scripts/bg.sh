#!/usr/bin/env bash
# Start or stop a background process of the demo by name, with a PID file in var/run/
# and a log in var/log/ (used by `make demo` / `make stop`).
#
#   scripts/bg.sh start NAME COMMAND [ARGS...]   start unless NAME is already running
#   scripts/bg.sh stop NAME                      stop the process (and its children)
#   scripts/bg.sh wait-http URL [SECONDS] [NAME] [TEXT]
#                                                wait until URL answers (with TEXT in its body)
#                                                while NAME is still running
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
    url="$2"; seconds="${3:-30}"; name="${4:-}"; text="${5:-}"
    for _ in $(seq 1 $((seconds * 5))); do
      if [[ -n "$name" ]] && ! running "$name"; then
        echo "[bg] $name stopped while starting; last lines of var/log/$name.log:"
        tail -20 "var/log/$name.log"
        exit 1
      fi
      if .venv/bin/python -c "
import sys, urllib.request
body = urllib.request.urlopen(sys.argv[1], timeout=2).read().decode('utf-8', 'replace')
sys.exit(0 if sys.argv[2] in body else 3)" "$url" "$text" 2>/dev/null; then
        exit 0
      elif [[ $? -eq 3 ]]; then
        echo "[bg] $url answers, but not as expected (port taken by another program?)"
        exit 1
      fi
      sleep 0.2
    done
    echo "[bg] $url did not answer within $seconds s"
    exit 1
    ;;
  *)
    echo "usage: $0 start NAME COMMAND... | stop NAME | wait-http URL [SECONDS] [NAME] [TEXT]" >&2
    exit 2
    ;;
esac
