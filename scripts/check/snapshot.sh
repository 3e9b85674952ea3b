#!/usr/bin/env bash
# Writes the records, repaired text, store listings and exports of every sample and dev notice into
# DIR, so a refactor can be checked byte for byte: run before and after, then `diff -r BEFORE AFTER`.
# usage: scripts/check/snapshot.sh DIR   (after `npm run build`; dev notices only when ../shared is there)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:?usage: snapshot.sh DIR}
mkdir -p "$out"
cli="node dist/cli/main.js"; [ -f dist/cli/main.js ] || cli="node dist/cli.js"
files=(samples/text/*.txt samples/scans/*.{png,jpg,pdf,tiff,webp,txt})
[ -d ../shared/gold ] && files+=(../shared/gold/raw/*.txt ../shared/gold/restored/*.txt)
db="$out/store.db"
rm -f "$db"
for f in "${files[@]}"; do
  name=$(echo "$f" | tr '/' '_')
  $cli extract "$f" --json > "$out/$name.record.json" 2> /dev/null
  case "$f" in *.txt) $cli repair "$f" > "$out/$name.repaired.txt" ;; esac
done
$cli ingest --db "$db" "${files[@]}" 2> /dev/null
$cli directives --db "$db" --json > "$out/directives.json"
$cli directives --db "$db" --agency "Sở Tài chính" --json > "$out/directives-agency.json"
$cli search --db "$db" "uy ban nhan dan" --json > "$out/search.json"
for fmt in csv ics json; do $cli export --db "$db" --format "$fmt" --out "$out/export.$fmt" 2> /dev/null; done
sed -i "/^DTSTAMP/d; /^LAST-MODIFIED/d" "$out/export.ics"
# times of storing differ from run to run
sed -i -E "s/20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z/TIME/g" "$out"/directives*.json "$out"/export.csv "$out"/export.json
rm -f "$db"
echo "snapshot of ${#files[@]} files in $out"
