#!/usr/bin/env bash
# What the browser tests need besides the virtualenv: Debian's chromium (Playwright
# drives it through executable_path; no browser is downloaded). Playwright for Python
# itself comes from dev-requirements.txt. Installs only what is missing; needs root or
# sudo for that.
# SPDX-License-Identifier: AGPL-3.0-or-later
set -euo pipefail
# A font, so pages render text on a minimal machine (chromium only recommends fonts).
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || need+=(fonts-dejavu-core)
[ ${#need[@]} -eq 0 ] && exit 0
echo "[browser-deps] installing Debian packages for the browser tests: ${need[*]}"
mkdir -p var/log
sudo_() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
export DEBIAN_FRONTEND=noninteractive
sudo_ apt-get update -q >>var/log/apt.log 2>&1 || { echo "[browser-deps] apt-get update failed, see var/log/apt.log" >&2; exit 1; }
sudo_ apt-get install -y -q --no-install-recommends "${need[@]}" >>var/log/apt.log 2>&1 \
  || { echo "[browser-deps] apt-get install ${need[*]} failed, see var/log/apt.log" >&2; exit 1; }
