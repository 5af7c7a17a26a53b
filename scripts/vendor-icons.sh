#!/bin/sh
# Refreshes the icon sprite static/vendor/tabler-icons/sprite.svg from Tabler Icons on npm
# (MIT). Only the icons listed here go into the sprite; add a name (as on tabler.io/icons),
# run `make vendor`, commit. Only this needs Node; `make run` and `make test` use the committed
# sprite. The template tag `{% icon "name" %}` (centres/templatetags/design.py) refers to them.
set -eu
TABLER=3.35.0
ICONS="
alert-triangle arrow-right arrows-exchange ball-football building-community calendar
calendar-event check chevron-left chevron-right clock coffee coin-euro confetti dots
external-link heart heart-handshake home info-circle language mail map-pin message-circle
menu-2 palette phone route school search users users-group wheelchair x
"
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
npm pack --silent "@tabler/icons@$TABLER" >/dev/null
tar xzf "tabler-icons-$TABLER.tgz"
out="$ROOT/static/vendor/tabler-icons"
rm -rf "$out" && mkdir -p "$out"
# One <symbol> per icon, carrying the stroke style (a <use> from a page inherits nothing from
# this file's root):  the outline icon's shapes without its invisible 24 px frame path.
ICONS="$ICONS" node -e '
const fs = require("fs");
const names = process.env.ICONS.split(/\s+/).filter(Boolean).sort();
const symbols = names.map((name) => {
  const svg = fs.readFileSync(`package/icons/outline/${name}.svg`, "utf8");
  const shapes = svg.replace(/^[\s\S]*?>\s*/, "").replace(/<\/svg>\s*$/, "")
    .split("\n").map((l) => l.trim())
    .filter((l) => l && !l.includes("stroke=\"none\" d=\"M0 0h24v24H0z\"")).join("");
  return `<symbol id="${name}" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${shapes}</symbol>`;
});
process.stdout.write(
  "<svg xmlns=\"http://www.w3.org/2000/svg\">\n" +
  symbols.join("\n") + "\n</svg>\n");
' > "$out/sprite.svg"
cp package/LICENSE "$out/LICENSE"
printf '@tabler/icons %s from npm (MIT), %s icons; refreshed by `make vendor` (scripts/vendor-icons.sh)\n' \
  "$TABLER" "$(echo $ICONS | wc -w)" > "$out/VERSION"
chmod 644 "$out"/*
echo "static/vendor/tabler-icons/ refreshed: @tabler/icons $TABLER"
