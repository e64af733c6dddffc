#!/usr/bin/env bash
# Install the OpenID Connect provider the hosted-mode tests sign in with
# (tests/hosted/oidc/: oauth2-mock-server, pinned by its package-lock.json), from the npm
# registry. Runs again only when the lock file changes.
set -euo pipefail
cd "$(dirname "$0")/../tests/hosted/oidc"

stamp=node_modules/.installed-from-lock
if [ -f "$stamp" ] && [ "$stamp" -nt package-lock.json ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "Node.js 20.19+ and npm are needed for the hosted-mode tests; they will skip" >&2
  echo "(and fail in CI) until they are installed." >&2
  exit 0
fi
echo "Installing the test OpenID Connect provider from npm..."
npm ci --no-audit --no-fund --loglevel=error
touch "$stamp"
