#!/bin/sh
# Build the CMYK output profiles --press ships in styles/press/ from the printing-condition
# characterization data Debian packages under free licences (icc-profiles-free: Fogra's FOGRA39
# data and ANSI CGATS/GRACoL TR 006-2007, both freely redistributable, see
# styles/press/README.md), with ArgyllCMS's colprof (Debian argyll). The profiles are committed:
# builds and tests never need argyll, and every machine embeds the same bytes. Run this only to
# make them again (about a minute); then run the tests (tests/test_press_colour.py checks the
# profiles against the measured data).
set -eu
cd "$(dirname "$0")/.."
BROCHURES_EXTRA_PACKAGES="argyll icc-profiles-free" sh scripts/install-system.sh
DATA=/usr/share/color/icc
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$DATA/FOGRA39L.ti3" "$DATA/TR006.ti3" "$work/"
# -qm medium quality, -kr black ramp (GCR), -l total ink limit of the condition.
(cd "$work" && colprof -qm -kr -l330 \
  -D "FOGRA39 (brochures, from Fogra's FOGRA39L characterization data)" \
  -C "Built by brochures from FOGRA39L.ti3 (Debian icc-profiles-free, zlib licence)" \
  -O FOGRA39.icc FOGRA39L)
(cd "$work" && colprof -qm -kr -l320 \
  -D "CGATS TR 006 (brochures, from the GRACoL TR 006-2007 characterization data)" \
  -C "Built by brochures from ANSI CGATS/GRACoL TR 006-2007 data (TR006.ti3, Debian icc-profiles-free)" \
  -O CGATS_TR_006.icc TR006)
cp "$work/FOGRA39.icc" "$work/CGATS_TR_006.icc" styles/press/
echo "brochures: built styles/press/FOGRA39.icc and styles/press/CGATS_TR_006.icc"
