#!/usr/bin/env bash
# Set up what is missing, then run the whole test suite headless.
# Extra arguments go to pytest (e.g. -k render, -x).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh" test
cd "$ND_ROOT"
export QT_QPA_PLATFORM=offscreen
export QTWEBENGINE_DISABLE_SANDBOX=1
"$ND_VENV/bin/ruff" check src tests benchmarks packaging
exec "$ND_VENV/bin/python" -m pytest "$@"
