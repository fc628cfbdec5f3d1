#!/usr/bin/env bash
# Installs what the local run and the tests need, once: the npm tools pinned in .tools/package-lock.json
# (Azurite, the Adaptive Cards renderer, markdown-it, playwright-core) into .tools/node_modules, and
# Debian's Chromium for the renderer tests when it is missing (apt-get; sudo when not root).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.tools"

if ! cmp -s package-lock.json node_modules/.installed-lock 2>/dev/null; then
  echo "Installing npm tools into .tools/node_modules (first run only, ~1 minute)..."
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.installed-lock
fi

if [[ "${SKIP_CHROMIUM:-0}" != "1" ]]; then
  packages=()
  [[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]] || packages+=(chromium)
  # Fonts for the non-Latin names in the card screenshots (Japanese, Chinese, Korean, Devanagari, Arabic...).
  fc-list :lang=ja 2>/dev/null | grep -q . || packages+=(fonts-noto-cjk)
  fc-list :lang=hi 2>/dev/null | grep -q . || packages+=(fonts-noto-core)
  if (( ${#packages[@]} > 0 )); then
    echo "Installing ${packages[*]} (Debian packages) for the card renderer tests..."
    sudo_cmd=()
    [[ "$(id -u)" -ne 0 ]] && sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
  fi
fi
