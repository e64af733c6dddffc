#!/usr/bin/env bash
# Install the Debian packages the tests need, when they are missing:
#   chromium   - the real browser for the end-to-end tests (Playwright drives it)
#   postgresql - a throwaway server for the PostgreSQL store tests
#   fonts-noto-color-emoji - so screenshots show emoji in names instead of empty boxes
#   haproxy    - the load balancer in front of two app replicas (deploy/haproxy.cfg)
# Playwright's own browser download does not work here, so we use Debian's.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
dpkg -s fonts-noto-color-emoji >/dev/null 2>&1 || missing+=(fonts-noto-color-emoji)
# Debian installs haproxy in /usr/sbin, which a normal user's PATH may not hold.
command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo -n"
else
  echo "Please install these Debian packages, then run the tests again: ${missing[*]}" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  exit 0  # the tests that need them skip (or fail in CI) with a clear reason
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "No apt-get here; install ${missing[*]} with your package manager." >&2
  exit 0
fi
echo "Installing ${missing[*]} from Debian's packages..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
