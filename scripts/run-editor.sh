#!/usr/bin/env bash
# Set up what is missing, then open the editor (on the sample article unless
# files are given).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh" runtime
if [ "$#" -eq 0 ]; then
  set -- "$ND_ROOT/resources/samples/nato-ukraine.newsdesk"
fi
if [ "$(id -u)" = 0 ]; then
  export QTWEBENGINE_DISABLE_SANDBOX=1  # Chromium refuses its sandbox as root
fi
exec "$ND_VENV/bin/newsdesk" "$@"
