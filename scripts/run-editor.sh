#!/usr/bin/env bash
# Set up what is missing, then open the editor (on a working copy of the sample
# article unless files are given).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh" runtime
if [ "$#" -eq 0 ]; then
  # A working copy of the sample, so edits (and autosaves) never change the
  # checkout's own file; made once, then the writer's edits are kept.
  sample_dir="${XDG_DATA_HOME:-$HOME/.local/share}/newsdesk/sample"
  if [ ! -f "$sample_dir/nato-ukraine.newsdesk" ]; then
    mkdir -p "$sample_dir"
    cp "$ND_ROOT/resources/samples/nato-ukraine.newsdesk" "$sample_dir/"
  fi
  set -- "$sample_dir/nato-ukraine.newsdesk"
fi
if [ "$(id -u)" = 0 ]; then
  export QTWEBENGINE_DISABLE_SANDBOX=1  # Chromium refuses its sandbox as root
fi
exec "$ND_VENV/bin/newsdesk" "$@"
