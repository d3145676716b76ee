#!/usr/bin/env python3
"""Side-by-side throughput of `tickerline extract` against rg, a Python
re+csv script and wc -l, on generated corpora of both shapes.

    python3 benches/compare.py                  # 200 MB of each shape
    python3 benches/compare.py --size 50M --runs 3
    python3 benches/compare.py --rss 1G         # also peak RSS on 1 GiB (needs /usr/bin/time)
    python3 benches/compare.py --pairs 15       # also --jobs 1/--jobs N pairs, back to back

Reports MB/s of input (median of --runs) and ratios, which are what to
compare: the machine is shared and noisy. Needs `rg` (apt-get install
ripgrep); builds the release binary first. Corpora go to --dir (default: a
temporary folder) and are reused when already there.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BIN = os.path.join(ROOT, "target", "release", "tickerline")

# The line-finding equivalent of the grammar (quote = symbol price move),
# written for rg's regex syntax. It finds candidate lines only: no parsing,
# no values, no CSV.
SPACE = r"[ \t\xA0\x{2000}-\x{200A}\x{202F}]"
RG_PATTERN = (
    r"(?:^|[^A-Za-z0-9])[A-Z][A-Za-z0-9.&/'-]*(?:" + SPACE + r"+[A-Z0-9][A-Za-z0-9.&/'-]*){0,3}"
    + SPACE + r"+(?:[$€£¥₹]|US\$|Rs\.?|[A-Z]{3})?" + SPACE + r"*[0-9]{1,3}(?:,[0-9]{3})*(?:\.[0-9]+)?"
    + SPACE + r"+(?:(?i:increased[ \t]+by|decreased[ \t]+by|no[ \t]+change|unchanged|unch|gained|lost|rose|fell|down|up)"
    + SPACE + r"*)?(?:[▲△▴↑⬆🔺▼▽▾↓⬇🔻]" + SPACE + r"*)?(?:\(?[ \t]*[-+−]?[0-9][0-9,]*(?:\.[0-9]+)?[ \t]*%|[-+−]?[0-9][0-9,]*(?:\.[0-9]+)?)"
)


def timed(cmd):
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def run_all(cmds, runs, py_runs):
    """Median seconds of each command, the runs taken round-robin (one run of
    each command, then the next round) so a noisy spell of the machine falls
    on every command alike. The Python baseline (slow) runs in `py_runs` of
    the rounds only, evenly spaced among them."""
    times = {name: [] for name in cmds}
    for r in range(runs):
        for name, cmd in cmds.items():
            if (r * py_runs) % runs < py_runs or not name.startswith("python"):
                times[name].append(timed(cmd))
    return {name: statistics.median(t) for name, t in times.items()}


def peak_rss_kib(cmd):
    out = subprocess.run(["/usr/bin/time", "-v"] + cmd, check=True, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True).stderr
    for line in out.splitlines():
        if "Maximum resident set size" in line:
            return int(line.split(":")[1])
    return None


def corpus(shape, size, d):
    path = os.path.join(d, f"{shape}-{size}.txt")
    if not os.path.exists(path):
        subprocess.run([sys.executable, os.path.join(HERE, "gen_corpus.py"), "--shape", shape, "--size", size,
                        "--seed", "1", "-o", path], check=True)
    return path


def split_pages(path):
    """The corpus as a crawl: one file per page (pages start at their
    masthead line), in folders of 1000. Made once, next to the corpus."""
    folder = path + ".pages"
    if not os.path.isdir(folder):
        data = open(path, "rb").read()
        head = b"Business Recorder | Markets"
        for i, page in enumerate(p for p in data.split(head) if p):
            sub = os.path.join(folder, f"{i // 1000:03d}")
            os.makedirs(sub, exist_ok=True)
            with open(os.path.join(sub, f"page{i:06d}.txt"), "wb") as f:
                f.write(head + page)
    return folder


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", default="200M")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--jobs", type=int, default=os.cpu_count())
    ap.add_argument("--dir", default=None)
    ap.add_argument("--rss", default=None, help="also measure peak RSS of --jobs 1 on a corpus of this size")
    ap.add_argument("--no-python", action="store_true", help="skip the (slow) Python baseline")
    ap.add_argument("--py-runs", type=int, default=3,
                    help="runs of the Python baseline, spread over the rounds (median)")
    ap.add_argument("--folder", action="store_true",
                    help="also the sparse corpus as a crawl folder: one file per page")
    ap.add_argument("--pairs", type=int, default=0,
                    help="also N back-to-back pairs of --jobs 1 and --jobs N on dense "
                         "(order alternating): the speed-up of each pair")
    args = ap.parse_args()
    if not shutil.which("rg"):
        sys.exit("needs rg: apt-get install ripgrep")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    d = args.dir or tempfile.mkdtemp(prefix="tickerline-bench-")
    pattern = os.path.join(d, "pattern.txt")
    with open(pattern, "w", encoding="utf-8") as f:
        f.write(RG_PATTERN + "\n")
    out = os.path.join(d, "out.csv")
    model = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    print(f"machine: {os.cpu_count()} cores, {model}; {subprocess.run(['uname', '-srm'], capture_output=True, text=True).stdout.strip()}")
    print(f"corpora in {d}, median of {args.runs} runs\n")
    print(f"{'shape':7} {'command':34} {'MB/s':>8} {'x wc':>7} {'x rg':>7} {'x py':>7}")
    for shape in ["sparse", "dense"]:
        path = corpus(shape, args.size, d)
        mb = os.path.getsize(path) / 1e6
        cmds = {
            "wc -l": ["wc", "-l", path],
            "rg -c (equivalent regex)": ["rg", "-c", "-f", pattern, path],
            "tickerline extract --jobs 1": [BIN, "extract", "--jobs", "1", "--format", "csv", "-o", out, path],
            f"tickerline extract --jobs {args.jobs}": [BIN, "extract", "--jobs", str(args.jobs), "--format", "csv", "-o", out, path],
        }
        if not args.no_python:
            cmds["python re + csv"] = [sys.executable, os.path.join(HERE, "baseline.py"), path, out]
        secs = run_all(cmds, args.runs, args.py_runs)
        for name, s in secs.items():
            ratio = lambda other: f"{secs[other] / s:7.2f}" if other in secs else "      -"
            print(f"{shape:7} {name:34} {mb / s:8.0f} {ratio('wc -l')} {ratio('rg -c (equivalent regex)')} {ratio('python re + csv')}")
        # --jobs never changes a result.
        one, many = out + ".1", out + ".n"
        subprocess.run(cmds["tickerline extract --jobs 1"][:-3] + ["-o", one, path], check=True)
        subprocess.run(cmds[f"tickerline extract --jobs {args.jobs}"][:-3] + ["-o", many, path], check=True)
        same = open(one, "rb").read() == open(many, "rb").read()
        # The machine's own ceiling for --jobs: as many independent --jobs 1
        # runs side by side (on copies of the file) as there are jobs, and
        # the throughput they reach together. Shared or throttled cores show
        # here, whatever the program does.
        copies = [path] + [f"{path}.copy{i}" for i in range(1, args.jobs)]
        for c in copies[1:]:
            if not os.path.exists(c):
                shutil.copyfile(path, c)
        side = [[BIN, "extract", "--jobs", "1", "--format", "csv", "-o", f"{out}.{i}", c] for i, c in enumerate(copies)]
        times = []
        for _ in range(args.runs):
            t = time.perf_counter()
            procs = [subprocess.Popen(cmd, stdout=subprocess.DEVNULL) for cmd in side]
            if any(p.wait() for p in procs):
                sys.exit("a side-by-side run failed")
            times.append(time.perf_counter() - t)
        ceiling = len(side) * secs["tickerline extract --jobs 1"] / statistics.median(times)
        print(f"{shape:7} --jobs 1 and --jobs {args.jobs} output identical: {same}; "
              f"speed-up {secs['tickerline extract --jobs 1'] / secs[f'tickerline extract --jobs {args.jobs}']:.2f}x "
              f"(machine ceiling: {args.jobs} independent --jobs 1 runs side by side reach {ceiling:.2f}x)\n")
    if args.folder:
        folder = split_pages(corpus("sparse", args.size, d))
        mb = sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(folder) for f in fs) / 1e6
        cmds = {
            "rg -c (equivalent regex)": ["rg", "-c", "-f", pattern, folder],
            "tickerline extract --jobs 1": [BIN, "extract", "--jobs", "1", "-o", out, folder],
            f"tickerline extract --jobs {args.jobs}": [BIN, "extract", "--jobs", str(args.jobs), "-o", out, folder],
        }
        secs = run_all(cmds, args.runs, args.py_runs)
        files = sum(len(fs) for _, _, fs in os.walk(folder))
        print(f"folder of {files} pages ({mb:.0f} MB; rg searches it on all cores):")
        for name, s in secs.items():
            print(f"folder  {name:34} {mb / s:8.0f}       - {secs['rg -c (equivalent regex)'] / s:7.2f}")
        print()
    if args.pairs:
        # Each pair's two runs are as close in time as runs get, so a noisy
        # spell of the machine falls on both: the spread of the pairs shows
        # how much of a speed-up's run-to-run change is the machine's.
        path = corpus("dense", args.size, d)
        one = [BIN, "extract", "--jobs", "1", "-o", out, path]
        many = [BIN, "extract", "--jobs", str(args.jobs), "-o", out, path]
        ratios = []
        for i in range(args.pairs):
            if i % 2 == 0:
                t1, tn = timed(one), timed(many)
            else:
                tn, t1 = timed(many), timed(one)
            ratios.append(t1 / tn)
        shown = " ".join(f"{r:.2f}" for r in sorted(ratios))
        print(f"dense: {args.pairs} pairs of --jobs 1 and --jobs {args.jobs}: speed-up median "
              f"{statistics.median(ratios):.2f}x; each pair, sorted: {shown}\n")
    if args.rss:
        for shape in ["sparse", "dense"]:
            path = corpus(shape, args.rss, d)
            kib = peak_rss_kib([BIN, "extract", "--jobs", "1", "-o", out, path])
            kib_n = peak_rss_kib([BIN, "extract", "--jobs", str(args.jobs), "-o", out, path])
            print(f"peak RSS on {args.rss} {shape}: --jobs 1 {kib / 1024:.1f} MiB, --jobs {args.jobs} {kib_n / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
