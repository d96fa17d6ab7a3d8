#!/bin/sh
# Fetch axe-core, the accessibility engine the web page's browser tests inject
# (tests/e2e/test_webpage.py), from the npm registry: one pinned version, checked
# against the registry's sha512 integrity before anything is unpacked. Installs
# <venv>/share/axe-core/axe.min.js; does nothing when that version is there already.
# Usage: sh scripts/fetch-axe.sh [VENV]   (make test runs it)
set -eu
VERSION="4.14.1"
INTEGRITY="sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
URL="https://registry.npmjs.org/axe-core/-/axe-core-$VERSION.tgz"
VENV="${1:-.venv}"
DEST="$VENV/share/axe-core"

if [ -f "$DEST/axe.min.js" ] && [ "$(cat "$DEST/VERSION" 2>/dev/null)" = "$VERSION" ]; then
  exit 0
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
echo "brochures: fetching axe-core $VERSION from the npm registry"
if ! curl -fsSL --retry 2 -o "$TMP/axe.tgz" "$URL"; then
  echo "brochures: could not download $URL: the browser tests of the web page will fail" >&2
  exit 1
fi
GOT="sha512-$(python3 -c 'import base64,hashlib,sys; print(base64.b64encode(hashlib.sha512(open(sys.argv[1],"rb").read()).digest()).decode())' "$TMP/axe.tgz")"
if [ "$GOT" != "$INTEGRITY" ]; then
  echo "brochures: axe-core-$VERSION.tgz does not match its pinned checksum; not installed" >&2
  exit 1
fi
tar -xzf "$TMP/axe.tgz" -C "$TMP" package/axe.min.js package/LICENSE
mkdir -p "$DEST"
cp "$TMP/package/axe.min.js" "$TMP/package/LICENSE" "$DEST/"
echo "$VERSION" > "$DEST/VERSION"
