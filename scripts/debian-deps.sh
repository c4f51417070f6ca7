#!/usr/bin/env bash
# Debian packages needed to build the virtualenv (psycopg2 from source) and the Solr
# launcher (Java 17, Maven). The services' own packages: scripts/services.sh install. Installs only what is missing; needs root or sudo for that.
# SPDX-License-Identifier: AGPL-3.0-or-later
set -euo pipefail
need=()
command -v gcc >/dev/null || need+=(build-essential)
dpkg -s libpq-dev >/dev/null 2>&1 || need+=(libpq-dev)
dpkg -s python3-dev >/dev/null 2>&1 || [ -f "$(python3.11 -c 'import sysconfig;print(sysconfig.get_paths()["include"])')/Python.h" ] || need+=(python3-dev)
command -v java >/dev/null || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || need+=(maven)
command -v curl >/dev/null || need+=(curl)
[ ${#need[@]} -eq 0 ] && exit 0
echo "[deps] installing Debian packages: ${need[*]}"
mkdir -p var/log
sudo_() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
export DEBIAN_FRONTEND=noninteractive
sudo_ apt-get update -q >var/log/apt.log 2>&1 || { echo "[deps] apt-get update failed, see var/log/apt.log" >&2; exit 1; }
sudo_ apt-get install -y -q --no-install-recommends "${need[@]}" >>var/log/apt.log 2>&1 \
  || { echo "[deps] apt-get install ${need[*]} failed, see var/log/apt.log" >&2; exit 1; }
