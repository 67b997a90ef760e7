#!/usr/bin/env bash
# Browser tests drive Debian's Chromium (a test tool's own browser download is unreachable here).
set -euo pipefail
if [[ -x /usr/bin/chromium ]]; then exit 0; fi
if [[ $(id -u) -ne 0 ]]; then
  echo "[chromium] /usr/bin/chromium is missing; install it with: sudo apt-get install -y chromium" >&2
  exit 1
fi
echo "[chromium] installing Debian's chromium package"
start=$(date +%s)
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
echo "[chromium] installed in $(( $(date +%s) - start )) s: $(/usr/bin/chromium --version)"
