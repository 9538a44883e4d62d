#!/usr/bin/env bash
# Installs what Member Card needs on Debian 12: the system packages (as root, or prints the exact
# command to run when not root), then the npm packages pinned in package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."

# pcscd + libpcsclite-dev: the PC/SC service and headers (@pokusew/pcsclite builds against them)
# vsmartcard-vpcd: the virtual reader the tests and the demo serve cards through; pcsc-tools: pcsc_scan
# chromium: browser tests and screenshots; openssl: tests check card signatures with a second implementation
# build-essential + python3: native modules (better-sqlite3, pcsclite) build with node-gyp
# fonts-noto-cjk: Chinese glyphs for the kiosk and console screens (and their screenshots)
# iproute2: quick ACKs on the loopback route, so the virtual reader is not slowed by delayed ACKs
PACKAGES=(pcscd libpcsclite-dev vsmartcard-vpcd pcsc-tools chromium openssl build-essential python3 iproute2 fonts-noto-cjk)

missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]]; then
    echo "Installing system packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Missing system packages. Run as root, then run this script again:"
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}"
    exit 1
  fi
fi

# Electron's own binary is not needed to run or test anything here (the kiosk runs in browser mode).
ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund
echo "Setup complete."
