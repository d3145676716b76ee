#!/usr/bin/env bash
# Fills fuzz/corpus/TARGET/ with seeds: the input of every case in
# grammar-tests/ (one file each) and every fixture page. Run from anywhere;
# the corpus itself is not committed (libFuzzer grows it).
set -euo pipefail
cd "$(dirname "$0")"
seeds=corpus/seeds
rm -rf "$seeds"
mkdir -p "$seeds"
# A case's input: the lines after `== NAME`, up to its first expectation.
awk -v out="$seeds" '
    /^== / { n++; file = sprintf("%s/case-%04d", out, n); taking = 1; next }
    /^(->|!!|~>) / || /^-> none/ { taking = 0; next }
    taking && file != "" { print > file }
' ../grammar-tests/*.txt
cp ../fixtures/*.txt "$seeds/"
# The container fixtures: HTML, archives, JSON lines, compressed pages.
find ../fixtures/containers -maxdepth 1 -type f ! -name '*.py' -exec cp {} "$seeds/" \;
for target in grammar line_scanner part_vs_line long_line_cut validate_page exporters extractor_jobs \
    html_flatten warc_reader container_open; do
    mkdir -p "corpus/$target"
    cp -n "$seeds"/* "corpus/$target/"
done
echo "$(ls "$seeds" | wc -l) seeds in fuzz/corpus/*/"
