#!/usr/bin/env python3
"""Turns a text corpus (from gen_corpus.py) into HTML pages and a gzipped
WARC of them, for the container throughput figures in README.

    python3 benches/gen_corpus.py --shape dense --size 200M --seed 1 -o dense.txt
    python3 benches/gen_containers.py dense.txt --mb 50 -o bench

writes bench.html (one big page, about 50 MB) and bench.warc.gz (the same
content as a page per source page, one gzip member per record). Quote lines
become table rows (symbol, price and move in cells, the direction as a
class, signs in spans), prose becomes paragraphs inside the usual page
chrome (nav, scripts, styles, comments). Deterministic: same input, same bytes.
"""
import argparse
import gzip
import html
import io
import re

QUOTE = re.compile(r"^([A-Z][A-Za-z0-9&. ]*?) ([\d,]+(?:\.\d+)?) (.*\d.*)$")

CHROME_HEAD = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Markets</title>
<style>.up{color:green}.down{color:red}</style>
<script>window.dataLayer=[];if(a<b){document.write('<tr><td>x</td></tr>')}</script></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/m">Markets</a></li></ul></nav>
<!-- ad slot --><div class="ad" style="display:none">Advertisement</div><article>
"""
CHROME_TAIL = "</article><footer><p>&copy; Example</p></footer></body></html>\n"


def page_html(lines):
    out = [CHROME_HEAD]
    in_table = False
    for line in lines:
        m = QUOTE.match(line)
        if m:
            if not in_table:
                out.append('<table class="quotes"><tbody>\n')
                in_table = True
            sym, price, move = m.groups()
            cls = "down" if "▼" in move or "Decreased" in move or "-" in move else "up"
            out.append(f'<tr><td><a href="/s/{html.escape(sym)}">{html.escape(sym)}</a></td>'
                       f'<td>{price}</td><td class="{cls}"><!-- react-text -->{html.escape(move)}<!-- /react-text --></td></tr>\n')
        else:
            if in_table:
                out.append("</tbody></table>\n")
                in_table = False
            out.append(f"<p>{html.escape(line)}</p>\n")
    if in_table:
        out.append("</tbody></table>\n")
    out.append(CHROME_TAIL)
    return "".join(out).encode()


def pages(path, limit):
    page, total = [], 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            # gen_corpus pages start with a title line (the site's name).
            if page and line.startswith("Business Recorder |"):
                yield page
                total += sum(len(l) for l in page)
                page = []
                if total >= limit:
                    return
            page.append(line)
    if page:
        yield page


def gz(data):
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as f:
        f.write(data)
    return out.getvalue()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--mb", type=int, default=50)
    ap.add_argument("-o", required=True)
    args = ap.parse_args()
    limit = args.mb * 1_000_000
    bodies = [page_html(p) for p in pages(args.corpus, limit)]
    with open(args.o + ".html", "wb") as f:
        f.write(b"".join(bodies))
    with open(args.o + ".warc.gz", "wb") as f:
        for i, body in enumerate(bodies):
            http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
            day = 1 + i % 28
            head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Date: 2024-03-{day:02d}T00:00:00Z\r\n"
                    f"WARC-Target-URI: https://example.com/p/{i}\r\nContent-Type: application/http; msgtype=response\r\n"
                    f"Content-Length: {len(http)}\r\n\r\n").encode()
            f.write(gz(head + http + b"\r\n\r\n"))
    print(f"{len(bodies)} pages, {sum(map(len, bodies))} bytes of HTML")


if __name__ == "__main__":
    main()
