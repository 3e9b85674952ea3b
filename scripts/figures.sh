#!/usr/bin/env bash
# The accuracy figures of the README, end to end through the built CLI, scored by ../shared/eval.
# usage: bash scripts/figures.sh [GOLD_DIR]   (default ../shared/gold; run `npm run build` first)
set -euo pipefail
cd "$(dirname "$0")/.."
gold=${1:-../shared/gold}
eval=$(dirname "$gold")/eval
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
printf '| notice | raw words right | repaired words right | CER after | directive F1 | assignee F1 | deadlines | statistics F1 | references F1 |\n'
printf '|---|---|---|---|---|---|---|---|---|\n'
for raw in "$gold"/raw/*.txt; do
  name=$(basename "$raw" .txt)
  node dist/cli/main.js repair "$raw" > "$out/$name.txt"
  before=$(python3 "$eval/score_text.py" "$gold/restored/$name.txt" "$raw" --lines --words | grep -o 'token_acc [0-9.]*' | cut -d' ' -f2)
  after=$(python3 "$eval/score_text.py" "$gold/restored/$name.txt" "$out/$name.txt" --lines --words)
  acc=$(grep -o 'token_acc [0-9.]*' <<<"$after" | cut -d' ' -f2)
  cer=$(grep -o 'cer [0-9.]*' <<<"$after" | cut -d' ' -f2)
  # the product path for a text notice: ingest -> repair -> extract
  node dist/cli/main.js extract "$raw" --json > "$out/$name.json"
  s=$(python3 "$eval/score_extract.py" "$gold/extract/$name.json" "$out/$name.json")
  df=$(sed -E 's/.*directives P [0-9.]+ R [0-9.]+ F1 ([0-9.]+).*/\1/' <<<"$s")
  af=$(sed -E 's/.*assignees F1 ([0-9.]+).*/\1/' <<<"$s")
  dl=$(sed -E 's/.*deadlines ([0-9]+\/[0-9]+).*/\1/' <<<"$s")
  sf=$(sed -E 's/.*statistics F1 ([0-9.]+).*/\1/' <<<"$s")
  rf=$(sed -E 's/.*references F1 ([0-9.]+).*/\1/' <<<"$s")
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "${name%%_*}" "$before" "$acc" "$cer" "$df" "$af" "$dl" "$sf" "$rf"
done
