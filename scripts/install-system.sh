#!/bin/sh
# Install the Debian packages brochures needs to render fast and completely:
# Pango for WeasyPrint, HarfBuzz's subsetter (2-3x faster font subsetting),
# Noto fonts for Latin, Cyrillic, Greek and Arabic, fontconfig's tools, and
# Ghostscript's ICC profiles (a print shop's profile in the tests).
# Installs only what is missing; says clearly what it could not install.
PACKAGES="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-noto-core fonts-dejavu-core libgs-common python3-venv"
# gettext (msgfmt) and the OASIS XLIFF 1.2 schema (shipped by php-symfony-translation): the
# tests check exported PO and XLIFF files against them.
TRANSLATION_TEST_PACKAGES="gettext php-symfony-translation"
# The characterization data the press profiles in styles/press/ were built from (zlib licence):
# the tests check the profiles against it. (scripts/build-press-profiles.sh also needs argyll.)
PRESS_TEST_PACKAGES="icc-profiles-free"
[ -n "$BROCHURES_EXTRA_PACKAGES" ] && PACKAGES="$PACKAGES $BROCHURES_EXTRA_PACKAGES"
# --test: also Chromium, the browser the end-to-end tests of `brochures serve` drive
# (through Playwright, which never downloads a browser of its own here).
[ "${1:-}" = "--test" ] && PACKAGES="$PACKAGES chromium $TRANSLATION_TEST_PACKAGES $PRESS_TEST_PACKAGES"

missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "brochures: cannot install system packages here (no apt-get). Missing:$missing" >&2
  echo "brochures: install them with your package manager; rendering may be slow or fail." >&2
  exit 0
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"
echo "brochures: installing Debian packages:$missing"
export DEBIAN_FRONTEND=noninteractive
if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null; }; then
  echo "brochures: could not install:$missing — install them by hand (apt-get install$missing)." >&2
  exit 0
fi
