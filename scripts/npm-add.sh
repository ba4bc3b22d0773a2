#!/usr/bin/env bash
# Serialises `npm install` calls so that several developers (or helpers) working in one checkout
# never run npm concurrently. Usage: scripts/npm-add.sh [-D] pkg@exact-version ...
set -euo pipefail
cd "$(dirname "$0")/.."
exec flock /tmp/stream-studio-npm.lock npm install --save-exact --no-audit --no-fund "$@"
