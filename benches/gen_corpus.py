#!/usr/bin/env python3
"""Writes a deterministic benchmark corpus of scraped-page dumps.

    python3 benches/gen_corpus.py --shape dense  --size 200M --seed 1 -o dense.txt
    python3 benches/gen_corpus.py --shape sparse --size 200M --seed 1 -o sparse.txt

Shapes:
  dense   every page has a 30-40 line ticker block; the rest is article prose
          with look-alike numbers. About 25% of all lines are quotes.
  sparse  crawl-like: a ticker block on 1 page in 50, prose everywhere else.
  layouts every page has a block of quotes in the other inline layouts
          (move-level bullets, labelled closes, partial lists, glued strips),
          the rest prose as in dense.

Pages are concatenated into one file, each starting with a title and a
dateline. The same seed and size always give the same bytes. The facts
(symbols, prices, the article's sentences) come from the seed pages.
"""

import argparse
import random
import sys

SYMBOLS = [
    ("AIRLINK", "80.60"), ("BOP", "5.26"), ("CNERGY", "4.52"), ("DFML", "34.50"),
    ("DGKC", "78.90"), ("FCCL", "20.85"), ("FFBL", "33.78"), ("FFL", "9.70"),
    ("GGL", "10.11"), ("HBL", "117.85"), ("HUBC", "137.80"), ("HUMNL", "7.05"),
    ("KEL", "4.59"), ("KOSM", "4.56"), ("MLCF", "37.80"), ("OGDC", "137.20"),
    ("PAEL", "22.80"), ("PIAA", "26.57"), ("PIBTL", "6.76"), ("PPL", "114.30"),
    ("PRL", "27.33"), ("PTC", "14.59"), ("SEARL", "57.00"), ("SNGP", "66.75"),
    ("SSGC", "11.00"), ("TELE", "9.11"), ("TPLP", "11.46"), ("TRG", "70.23"),
    ("UNITY", "25.20"), ("WTL", "1.33"), ("BR100", "7626"), ("BR30", "24814"),
    ("KSE100", "72743"), ("KSE30", "24034"), ("Dow Jones", "34112.27"),
    ("S&P 500", "4347.35"), ("Brent Crude", "80.01"), ("Gold", "1958.80"),
]

PROSE = [
    "SEOUL: US Secretary of State Antony Blinken on Thursday condemned North Korea for sending arms to help the Russian invasion of Ukraine, as he held meetings with top officials in key ally South Korea.",
    "The United States, South Korea and Japan have in recent weeks repeatedly criticised Pyongyang for helping Russia pursue its military campaign in Ukraine, with Seoul saying North Korea has sent a million artillery rounds.",
    "Blinken is in Seoul following a G7 foreign ministers' meeting in Japan. He met with South Korean President Yoon Suk Yeol in Seoul on Thursday.",
    "The benchmark KSE-100 index closed higher by {pts} points or {pct}% at {lvl}, while turnover rose to {vol} million shares from {vol2} million shares a day earlier.",
    "The company raised Rs{n} billion (~${m} million) in the offering, its filing on {day} {mon}, {year} showed.",
    "Last month, a nuclear-capable US Air Force B-52 bomber made a rare landing in South Korea, less than a week after a visit by a US nuclear-powered aircraft carrier.",
    "Views {big} | Comments {c} | Shares {c2}",
    "Trading hours: 9:30 to 15:30 PKT, Monday to Friday; the market opened at {t} and {verb} {pct}% by noon.",
    "Historic allies Russia and North Korea are both under international sanctions - the former for its invasion of Ukraine and Pyongyang over its nuclear weapons and missile programmes.",
    "Inflation eased to {pct}% in {mon2} from {pct2}% in the previous month, the statistics bureau said on {day} {mon} {year}.",
    "In {year}, {big} investors held {n} accounts with the Central Depository Company, up {pct}% on the year.",
    "South Korea has ramped up security cooperation with the United States under the Yoon administration in the face of growing threats from North Korea.",
    "Section {n} of the ordinance, amended in {year}, caps the fee at Rs{m} per transaction.",
    "Stocks rallied as the Nifty 50 rose {pct}% on {mon2} {day}, with banks leading the gains.",
]

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MONTHS_LONG = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]


def grouped(x):
    return f"{x:,}"


def quote_line(rng, symbol, base):
    scale = len(base.split(".")[1]) if "." in base else 0
    price = float(base) * (1 + rng.uniform(-0.2, 0.2))
    pct = rng.uniform(-7.5, 7.5)
    if rng.random() < 0.05:
        pct = 0.0
    prev = price / (1 + pct / 100)
    change = price - prev
    p = f"{price:,.{scale}f}" if scale else grouped(round(price))
    c = f"{abs(change):.2f}" if scale else f"{abs(change):.1f}"
    pc = f"{abs(pct):.2f}".rstrip("0").rstrip(".")
    if pct > 0:
        words, arrow, sign = "Increased By", "▲ ", ""
    elif pct < 0:
        words, arrow, sign = "Decreased By", "▼ ", "-"
    else:
        words, arrow, sign = "No Change", "▼ ", ""
        c, pc = "0.00", "0"
    if not scale:
        arrow = ""  # index rows print no arrow
    return f"{symbol} {p} {words} {arrow}{sign}{c} ({sign}{pc}%)"


def layout_line(rng, symbol, base):
    """A quote in one of the layouts that are not `SYMBOL PRICE MOVE`."""
    scale = len(base.split(".")[1]) if "." in base else 2
    price = float(base) * (1 + rng.uniform(-0.2, 0.2))
    pct = rng.uniform(0.05, 7.5)
    up = rng.random() < 0.5
    word = "up" if up else "down"
    p = f"{price:,.{scale}f}"
    pc = f"{pct:.2f}"
    kind = rng.randrange(5)
    if kind == 0:
        return f"- {symbol} {word} {pc}% to {p}"
    if kind == 1:
        change = price * pct / 100
        sign = "" if up else "-"
        verb = "plus" if up else "minus"
        return f"- {symbol} {verb} {change:.2f} points or {sign}{pc}% at {p}"
    if kind == 2:
        return f"{symbol.replace(' ', '')}: Closed at N{price:.2f} kobo, {word} {pc} percent"
    if kind == 3:
        other, _ = rng.choice(SYMBOLS)
        return f"{symbol} ({word} {pc}%), {other} (down {rng.uniform(0.1, 5):.2f}%)"
    sign = "+" if up else "-"
    return f"{symbol}. {price:.{scale}f}{sign}{pc}%."


def prose_line(rng):
    t = rng.choice(PROSE)
    return t.format(
        pts=f"{rng.uniform(10, 900):.2f}", pct=f"{rng.uniform(0.1, 9):.2f}",
        pct2=f"{rng.uniform(0.1, 30):.1f}", lvl=grouped(round(rng.uniform(40000, 80000), 2)),
        vol=f"{rng.uniform(100, 900):.1f}", vol2=f"{rng.uniform(100, 900):.1f}",
        n=rng.randint(2, 999), m=f"{rng.uniform(1, 99):.2f}", big=grouped(rng.randint(10000, 9999999)),
        c=rng.randint(0, 999), c2=rng.randint(0, 999), day=rng.randint(1, 28), mon=rng.choice(MONTHS),
        mon2=rng.choice(MONTHS_LONG), year=rng.randint(2015, 2025), t=f"{rng.randint(9, 15)}:{rng.randint(10, 59)}",
        verb=rng.choice(["gained", "lost", "rose", "fell"]),
    )


def page(rng, with_block, layouts=False):
    lines = [
        "Business Recorder | Markets | Stocks | Commodities",
        f"Published {rng.randint(1, 28)} {rng.choice(MONTHS)}, {rng.randint(2015, 2025)} {rng.randint(1, 12)}:{rng.randint(10, 59)}pm",
        "",
    ]
    n_prose = 98
    if with_block:
        for symbol, base in rng.sample(SYMBOLS, rng.randint(30, 38)):
            make = layout_line if layouts else quote_line
            lines.append(make(rng, symbol, base))
        lines.append("")
    else:
        n_prose = rng.randint(30, 60)
    for _ in range(n_prose):
        lines.append(prose_line(rng) if rng.random() < 0.85 else "")
    lines.append("Comments")
    lines.append("200 characters")
    return "\n".join(lines) + "\n"


def parse_size(s):
    s = s.strip().upper()
    mult = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}.get(s[-1], 1)
    return int(float(s.rstrip("KMG")) * mult)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shape", choices=["dense", "sparse", "layouts"], required=True)
    ap.add_argument("--size", default="200M", help="approximate bytes (e.g. 200M, 1G)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-o", "--output", required=True)
    args = ap.parse_args()
    rng = random.Random(f"{args.shape}-{args.seed}")
    target = parse_size(args.size)
    written = 0
    n = 0
    with open(args.output, "w", encoding="utf-8", newline="\n") as out:
        while written < target:
            with_block = args.shape != "sparse" or n % 50 == 0
            text = page(rng, with_block, layouts=args.shape == "layouts")
            out.write(text)
            written += len(text.encode("utf-8"))
            n += 1
    print(f"{args.output}: {written} bytes, {n} pages ({args.shape})", file=sys.stderr)


if __name__ == "__main__":
    main()
