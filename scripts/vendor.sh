#!/bin/sh
# Refreshes the vendored map libraries and the icon sprite in static/vendor/ from npm
# (`make vendor`; the sprite through scripts/vendor-icons.sh). Only this needs Node; `make run`
# and `make test` use the committed copies. Change a version here, run `make vendor`, look at
# the maps, commit.
set -eu
LEAFLET=1.9.4
MARKERCLUSTER=1.5.3
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
npm pack --silent "leaflet@$LEAFLET" "leaflet.markercluster@$MARKERCLUSTER" >/dev/null
mkdir leaflet markercluster
tar xzf "leaflet-$LEAFLET.tgz" -C leaflet
tar xzf "leaflet.markercluster-$MARKERCLUSTER.tgz" -C markercluster

# No source maps: they triple the size, and the hashed static storage would have to find them.
strip_map() { sed -e '/sourceMappingURL=/d' "$1" > "$2"; }

out="$ROOT/static/vendor/leaflet"
rm -rf "$out" && mkdir -p "$out/images"
strip_map leaflet/package/dist/leaflet.js "$out/leaflet.js"
cp leaflet/package/dist/leaflet.css "$out/leaflet.css"
cp leaflet/package/dist/images/*.png "$out/images/"
cp leaflet/package/LICENSE "$out/LICENSE"
printf 'leaflet %s from npm (BSD-2-Clause); refreshed by `make vendor` (scripts/vendor.sh)\n' "$LEAFLET" > "$out/VERSION"

out="$ROOT/static/vendor/leaflet.markercluster"
rm -rf "$out" && mkdir -p "$out"
strip_map markercluster/package/dist/leaflet.markercluster.js "$out/leaflet.markercluster.js"
# Only the structural CSS: the clusters' look is ours (site.css), with contrast to spare.
cp markercluster/package/dist/MarkerCluster.css "$out/"
cp markercluster/package/MIT-LICENCE.txt "$out/LICENSE"
printf 'leaflet.markercluster %s from npm (MIT); refreshed by `make vendor` (scripts/vendor.sh)\n' "$MARKERCLUSTER" > "$out/VERSION"
# Some packages ship their files executable; these are data.
find "$ROOT/static/vendor" -type f -exec chmod 644 {} +
sh "$ROOT/scripts/vendor-icons.sh"
echo "static/vendor/ refreshed: leaflet $LEAFLET, leaflet.markercluster $MARKERCLUSTER"
