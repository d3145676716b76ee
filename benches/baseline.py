#!/usr/bin/env python3
"""The baseline users know: a plain Python `re` + `csv` script doing the same
extraction as `tickerline extract` (symbol, price, currency, direction,
change, percent, line, column), for the benchmark's side-by-side figures.

    python3 benches/baseline.py PAGE.txt OUT.csv
"""

import csv
import re
import sys

SPACE = r"[ \t\u00a0\u2000-\u200a\u202f]"
QUOTE = re.compile(
    r"(?<![A-Za-z0-9])"
    r"(?P<symbol>[A-Z][A-Za-z0-9.&/'-]*(?:" + SPACE + r"+[A-Z0-9][A-Za-z0-9.&/'-]*){0,3})"
    + SPACE + r"+"
    r"(?P<currency>\$|US\$|€|£|¥|₹|Rs\.?|[A-Z]{3})?" + SPACE + r"*"
    r"(?P<price>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    + SPACE + r"+"
    r"(?:(?P<words>(?i:increased" + SPACE + r"+by|decreased" + SPACE + r"+by|no" + SPACE + r"+change|unchanged|unch|gained|lost|rose|fell|down|up))" + SPACE + r"*)?"
    r"(?:(?P<arrow>[▲△▴↑⬆🔺▼▽▾↓⬇🔻])\ufe0f?" + SPACE + r"*)?"
    r"(?P<change>[-+−]?\d[\d,]*(?:\.\d+)?(?!" + SPACE + r"*%))?" + SPACE + r"*"
    r"(?:\(" + SPACE + r"*(?P<ppct>[-+−]?\d[\d,]*(?:\.\d+)?)" + SPACE + r"*%" + SPACE + r"*\)|(?P<pct>[-+−]?\d[\d,]*(?:\.\d+)?)" + SPACE + r"*%)?"
)
UP = {"increased", "gained", "rose", "up", "▲", "△", "▴", "↑", "⬆", "🔺"}
DOWN = {"decreased", "lost", "fell", "down", "▼", "▽", "▾", "↓", "⬇", "🔻"}


def direction_of(words, arrow, change, pct):
    stated = (words or "").split()[0].lower() if words else arrow
    if stated in UP:
        return "up"
    if stated in DOWN:
        return "down"
    if stated:
        return "unchanged"
    first = change or pct
    if first and first.lstrip("+-−").strip("0.,") == "":
        return "unchanged"
    return "down" if first and first[0] in "-−" else "up"


def signed(number, direction):
    if number is None:
        return ""
    n = number.replace(",", "").replace("−", "-")
    if n[0] not in "+-" and direction == "down":
        n = "-" + n
    return n.lstrip("+")


def main():
    src, out = sys.argv[1], sys.argv[2]
    with open(src, encoding="utf-8", errors="replace") as f, open(out, "w", newline="") as o:
        w = csv.writer(o, lineterminator="\n")
        w.writerow(["symbol", "price", "currency", "direction", "change", "change_pct", "as_of", "source", "line", "column", "issues"])
        for n, line in enumerate(f, 1):
            for m in QUOTE.finditer(line):
                words, arrow, change = m.group("words"), m.group("arrow"), m.group("change")
                pct = m.group("ppct") or m.group("pct")
                has_marker = words or arrow or pct or (change and change[0] in "+-−")
                if not has_marker or not (change or pct):
                    continue
                d = direction_of(words, arrow, change, pct)
                w.writerow([m.group("symbol"), m.group("price").replace(",", ""), m.group("currency") or "",
                            d, signed(change, d), signed(pct, d), "", src, n, m.start() + 1, ""])


if __name__ == "__main__":
    main()
