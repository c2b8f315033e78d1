#!/usr/bin/env bash
# The exports as a person opens them. From tests/export/fixture.json (a JSON export holding
# accents, emoji, markup and a formula), through `passerelle import`, then:
#  - the HTML folder in headless Chromium: the index lists both conversations, the offline
#    search finds a rare word (accent-insensitive), a message holding <script> / <img onerror>
#    is shown as text and ran nothing (the page title is unchanged); screenshots are kept in
#    target/export-e2e/ to be looked at;
#  - the PDF of one conversation through poppler: pdftotext finds accented words, pdftoppm
#    renders its page.
# Needs chromium and poppler-utils (tests/setup.sh test installs them).
set -euo pipefail
cd "$(dirname "$0")/../.."
target="${CARGO_TARGET_DIR:-$PWD/target}"
out="$target/export-e2e"
passed=0 failed=0
check() { # check NAME COMMAND...
  if "${@:2}"; then passed=$((passed + 1)); echo "ok   $1"; else failed=$((failed + 1)); echo "FAIL $1"; fi
}
for tool in chromium pdftotext pdftoppm; do
  command -v "$tool" >/dev/null || { echo "missing $tool: run tests/setup.sh test" >&2; exit 1; }
done
cargo build -q -p passerelle-cli --bin passerelle
passerelle="$target/debug/passerelle"
rm -rf "$out" && mkdir -p "$out/media"
# The fixture's picture (ME01.png) beside the archive, as a sync leaves it.
python3 - "$out/media/ME01.png" <<'PY'
import struct, sys, zlib
w, h = 120, 80
raw = b"".join(b"\x00" + bytes([200, 80, 40, 255]) * w for _ in range(h))
chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0))
    + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
PY
db="$out/passerelle.db"
"$passerelle" --db "$db" import tests/export/fixture.json
"$passerelle" --db "$db" --lang en export --format html --out "$out/html"
"$passerelle" --db "$db" --lang fr export --format pdf --conversation 2 --out "$out/conversation.pdf"

browser=(chromium --headless --no-sandbox --disable-gpu --disable-background-networking
  --no-first-run "--user-data-dir=$out/profile")
page="file://$out/html/conversations/Zoe-b-etc-b-2.html"
"${browser[@]}" --dump-dom "file://$out/html/index.html" 2>/dev/null > "$out/index.dom"
"${browser[@]}" --dump-dom "$page" 2>/dev/null > "$out/page.dom"
"${browser[@]}" --virtual-time-budget=5000 --dump-dom "file://$out/html/search.html?q=zebre" 2>/dev/null > "$out/search.dom"
"${browser[@]}" --window-size=900,1000 --screenshot="$out/conversation.png" "$page" 2>/dev/null
"${browser[@]}" --window-size=900,500 --screenshot="$out/index.png" "file://$out/html/index.html" 2>/dev/null

check "the index lists both conversations" test "$(grep -o 'href="conversations/' "$out/index.dom" | wc -l)" -eq 2
check "a name with markup is text in the index" grep -q 'Zoé &lt;b&gt;[.][.]/[.][.]/etc&lt;/b&gt;' "$out/index.dom"
check "the offline search finds a rare word, accents ignored" grep -q 'conversations/33698765432-1.html#SM06' "$out/search.dom"
check "a <script> in a message is shown as text" grep -q '&lt;script&gt;document.title' "$out/page.dom"
check "nothing from a message ran (title unchanged)" grep -q '<title>Zoé &lt;b&gt;[.][.]/[.][.]/etc&lt;/b&gt; (+33612345678)</title>' "$out/page.dom"
check "no element from a message exists" bash -c "! grep -q '<img src=\"x\"' '$out/page.dom'"
check "the picture is shown" grep -q '<img src="[.][.]/media/ME01.png"' "$out/page.dom"
check "screenshots were taken" test -s "$out/conversation.png" -a -s "$out/index.png"

pdftotext "$out/conversation.pdf" "$out/conversation.txt"
pdftoppm -png -r 60 "$out/conversation.pdf" "$out/conversation-page"
check "pdftotext finds accented words" grep -q 'crème brûlée' "$out/conversation.txt"
check "pdftotext finds the long message's end (wrapped, not cut)" grep -q 'être sûr' "$out/conversation.txt"
check "the PDF has page numbers" grep -q 'Page 1 / 1' "$out/conversation.txt"
check "the PDF page renders" test -s "$out/conversation-page-1.png"

echo "screenshots and pages to look at: $out/{index,conversation}.png $out/conversation-page-1.png"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
