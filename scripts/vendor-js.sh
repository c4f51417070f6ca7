#!/usr/bin/env bash
# Refresh the vendored JavaScript from the npm packages pinned in package.json /
# package-lock.json: Leaflet's dist (served by the portal through webassets) and
# axe-core (injected by the browser tests). The copies are committed, so neither
# `make demo` nor `make test` needs npm or the network for them. Run after changing a
# version in package.json (then `npm install --package-lock-only` first).
# SPDX-License-Identifier: AGPL-3.0-or-later
set -euo pipefail
cd "$(dirname "$0")/.."
command -v npm >/dev/null || { echo "[vendor-js] npm not found: apt-get install npm" >&2; exit 1; }
work=var/npm
rm -rf "$work" && mkdir -p "$work"
cp package.json package-lock.json "$work/"
(cd "$work" && npm ci --ignore-scripts --no-audit --no-fund >/dev/null)
leaflet=ckanext/jena/theme/assets/vendor/leaflet
cp "$work"/node_modules/leaflet/dist/leaflet.js "$work"/node_modules/leaflet/dist/leaflet.css \
   "$work"/node_modules/leaflet/LICENSE "$leaflet/"
cp "$work"/node_modules/axe-core/axe.min.js tests/browser/vendor/axe.min.js
cp "$work"/node_modules/axe-core/LICENSE tests/browser/vendor/axe-core-LICENSE
echo "[vendor-js] leaflet $(node -p "require('./$work/node_modules/leaflet/package.json').version"), axe-core $(node -p "require('./$work/node_modules/axe-core/package.json').version") vendored"
