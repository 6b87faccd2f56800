#!/usr/bin/env bash
# Fetches axe-core (the accessibility checker the portal tests run in Chromium) from the npm
# registry once into a cache directory and prints the path of axe.min.js, for FAZHI_AXE:
#   export FAZHI_AXE="$(bash scripts/axe.sh)"
#   FAZHI_AXE_CACHE  where to keep it (default ~/.cache/fazhi-axe)
set -euo pipefail
cache="${FAZHI_AXE_CACHE:-${HOME:-/tmp}/.cache/fazhi-axe}"
mkdir -p "$cache"
if [ ! -f "$cache/package/axe.min.js" ]; then
  (cd "$cache" && npm pack --silent axe-core@4 >/dev/null && tar -xzf axe-core-*.tgz && rm -f axe-core-*.tgz)
fi
echo "$cache/package/axe.min.js"
