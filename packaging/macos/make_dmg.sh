#!/usr/bin/env bash
# Wrap dist/newsdesk.app (built by packaging/build.py on macOS) into a .dmg
# with the usual drag-to-Applications layout.
#
#   packaging/macos/make_dmg.sh VERSION
#
# Optional signing: set NEWSDESK_CODESIGN_IDENTITY to a "Developer ID
# Application: ..." identity; notarize the result with
#   xcrun notarytool submit dist/newsdesk-VERSION-macos-ARCH.dmg --wait ...
#   xcrun stapler staple dist/newsdesk-VERSION-macos-ARCH.dmg
# Unsigned builds open after right-click > Open (Gatekeeper asks once).
#
# NOT VERIFIED: written and reviewed on Linux; no Mac was available.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VERSION="${1:?usage: make_dmg.sh VERSION}"
APP="$ROOT/dist/newsdesk.app"
ARCH="$(uname -m)"
DMG="$ROOT/dist/newsdesk-$VERSION-macos-$ARCH.dmg"

if [ "$(uname -s)" != "Darwin" ]; then
  echo "make_dmg.sh: needs macOS (hdiutil)" >&2
  exit 2
fi
if [ ! -d "$APP" ]; then
  echo "make_dmg.sh: $APP is missing; run packaging/build.py first" >&2
  exit 2
fi

STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
# ditto keeps the bundle's symlinks, permissions and extended attributes.
ditto "$APP" "$STAGE/newsdesk.app"
ln -s /Applications "$STAGE/Applications"

if [ -n "${NEWSDESK_CODESIGN_IDENTITY:-}" ]; then
  codesign --force --deep --options runtime --timestamp \
    --sign "$NEWSDESK_CODESIGN_IDENTITY" "$STAGE/newsdesk.app"
  codesign --verify --deep --strict "$STAGE/newsdesk.app"
fi

rm -f "$DMG"
hdiutil create -volname "newsdesk $VERSION" -srcfolder "$STAGE" -fs HFS+ \
  -format UDZO -imagekey zlib-level=9 -ov "$DMG"
hdiutil verify "$DMG"
echo "make_dmg.sh: $DMG"
