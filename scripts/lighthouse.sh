#!/usr/bin/env bash
# Lighthouse scores of four pages under production settings (docs/performance.md).
#
# Serves a throwaway copy of the site (SQLite in a temporary folder, the real reference data
# and the demo data, DEBUG=0, collected static files served by WhiteNoise) with gunicorn on
# 127.0.0.1, runs Lighthouse (npm package `lighthouse`: on PATH, else through `npx`) against
# each page with Debian's Chromium, offline, and prints the four category scores per page.
# Also prints the bytes a list page transfers (HTML + CSS + JS + fonts, as served).
#
#   scripts/lighthouse.sh                  # mobile (Lighthouse's default: a throttled phone)
#   LIGHTHOUSE_PRESET=desktop scripts/lighthouse.sh
#
# Needs Node with npm (for `npx lighthouse`) and Chromium at CHROME_PATH (/usr/bin/chromium).
set -euo pipefail

cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
PORT=${PORT:-8077}
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
PRESET=${LIGHTHOUSE_PRESET:-}
WORK=$(mktemp -d)
REPORTS=${LIGHTHOUSE_REPORTS:-$WORK/reports}
mkdir -p "$REPORTS"

if command -v lighthouse >/dev/null; then
  LIGHTHOUSE=(lighthouse)
else
  LIGHTHOUSE=(npx --yes lighthouse@12)
fi

export DEBUG=0 SECRET_KEY="lighthouse-throwaway-$RANDOM$RANDOM" ALLOWED_HOSTS=127.0.0.1
# Plain HTTP on 127.0.0.1: no redirect to HTTPS (Chromium would stop at an interstitial), no HSTS.
export SECURE_COOKIES=0 SECURE_SSL_REDIRECT=0 SECURE_HSTS_SECONDS=0
export DATABASE_URL="sqlite:///$WORK/db.sqlite3" LOG_LEVEL=WARNING

echo "Setting up a throwaway site in $WORK …" >&2
"$PY" manage.py migrate --noinput -v0
"$PY" manage.py load_reference_data >/dev/null
"$PY" manage.py load_demo_data --centres 36 --seed 1 >/dev/null
"$PY" manage.py collectstatic --noinput -v0

"$PY" -m gunicorn stadtteilzentren.wsgi --bind "127.0.0.1:$PORT" --workers 2 \
  --error-logfile "$WORK/gunicorn.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do
  curl -fs -o /dev/null "http://127.0.0.1:$PORT/" && break
  sleep 0.2
done

BASE="http://127.0.0.1:$PORT"
CENTRE=$("$PY" manage.py shell -c \
  "from centres.models import Centre; print(Centre.objects.published().filter(is_demo=True).order_by('name').first().get_absolute_url())" 2>/dev/null | tail -n 1)
PAGES=(
  "/"
  "/zentren/?bezirk=neukoelln&angebot=beratung"
  "$CENTRE"
  "/uebersicht/"
)

FLAGS="--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run --disable-sync"
printf '| page | Performance | Accessibility | Best Practices | SEO |\n|---|---|---|---|---|\n'
for path in "${PAGES[@]}"; do
  name=$(echo "$path" | tr -c 'a-zA-Z0-9\n' '_')
  "${LIGHTHOUSE[@]}" "$BASE$path" --quiet --output=json --output-path="$REPORTS/$name.json" \
    --chrome-flags="$FLAGS" ${PRESET:+--preset="$PRESET"} \
    --only-categories=performance,accessibility,best-practices,seo >/dev/null 2>"$WORK/lighthouse.log" \
    || { cat "$WORK/lighthouse.log" >&2; exit 1; }
  node -e '
    const r = require(process.argv[1]);
    const s = (k) => Math.round(r.categories[k].score * 100);
    const low = Object.values(r.audits).filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== "informative" && a.scoreDisplayMode !== "notApplicable" && a.scoreDisplayMode !== "manual").map((a) => a.id);
    console.log(`| \`${process.argv[2]}\` | ${s("performance")} | ${s("accessibility")} | ${s("best-practices")} | ${s("seo")} |` + (low.length ? ` <!-- below 1: ${low.join(", ")} -->` : ""));
  ' "$REPORTS/$name.json" "$path"
done

# Bytes a list page transfers, as a browser asking for gzip/brotli gets them: the HTML, and every
# stylesheet, script and font it links (photos and map tiles aside).
echo >&2
"$PY" - "$BASE" <<'PYEOF'
import re
import urllib.parse
import sys
import urllib.request

base = sys.argv[1]


def fetch(path: str) -> tuple[int, int, str]:
    request = urllib.request.Request(base + path, headers={"Accept-Encoding": "br, gzip"})
    with urllib.request.urlopen(request) as response:
        body = response.read()
        return len(body), response.headers.get("Content-Encoding") or "none", body


total = 0
for page in ("/zentren/", "/angebote/"):
    size, encoding, body = fetch(page)
    html = body.decode() if encoding == "none" else ""
    rows = [(page, size, encoding)]
    if encoding != "none":  # read the links from an uncompressed copy
        with urllib.request.urlopen(base + page) as response:
            html = response.read().decode()
    links = re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js|woff2?))"', html)
    for link in dict.fromkeys(links):
        rows.append((link, *fetch(link)[:2]))
    # fonts referenced from the stylesheets
    for link in [row[0] for row in rows if row[0].endswith(".css")]:
        with urllib.request.urlopen(base + link) as response:
            css = response.read().decode()
        for font in re.findall(r'url\("?([^")]+\.woff2?)"?\)', css):
            url = urllib.parse.urljoin(link, font)
            rows.append((url, *fetch(url)[:2]))
    page_total = sum(row[1] for row in rows)
    print(f"\n{page}: {page_total / 1024:.1f} KB transferred (HTML + CSS + JS + fonts)")
    for path, size, encoding in rows:
        print(f"  {size / 1024:6.1f} KB  {encoding:5}  {path}")
PYEOF
