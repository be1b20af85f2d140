#!/usr/bin/env python3
"""Joins JMH's ParseBenchmark results with the Go expfmt-bench lines into one Markdown table.

usage: parse-comparison-table.py PAGES_DIR EXPFMT_JSONL JMH_JSON...

Samples per page are the page's sample lines (neither blank nor '#'); both benchmarks check at start-up
that their parser counts exactly that, so the two samples/s columns count the same thing.
MB is 10^6 bytes. "ratio" compares the means over the measurements (JMH's score); "best ratio" compares
each side's best measurement, which is the steadier figure on a shared machine, where interference only
ever slows a measurement down.
"""
import json
import os
import sys


def sample_lines(path):
    with open(path, "rb") as f:
        return sum(1 for line in f.read().split(b"\n")
                   if line.lstrip(b" \t") and not line.lstrip(b" \t").startswith(b"#"))


def main(pages_dir, expfmt_jsonl, *jmh_jsons):
    with open(expfmt_jsonl) as f:
        go = {r["page"]: r for r in (json.loads(line) for line in f if line.strip())}
    jmh = {}
    for jmh_json in jmh_jsons:
        with open(jmh_json) as f:
            for run in json.load(f):
                if run["benchmark"].endswith("ParseBenchmark.parse"):
                    jmh[run["params"]["page"]] = run

    rows = []
    for page in ["vllm-real", "vllm-busy", "dcgm-real"]:
        if page not in jmh or page not in go:
            sys.exit(f"page {page} missing from results (jmh: {sorted(jmh)}, expfmt: {sorted(go)})")
        path = os.path.join(pages_dir, page + ".prom")
        size = os.path.getsize(path)
        samples = sample_lines(path)
        g = go[page]
        if g["bytes"] != size or g["samples_per_page"] != samples:
            sys.exit(f"page {page}: expfmt read {g['bytes']} bytes / {g['samples_per_page']} samples, "
                     f"the file has {size} / {samples}; rerun with fresh pages")
        run = jmh[page]
        ops = run["primaryMetric"]["score"]
        ops_err = float(run["primaryMetric"]["scoreError"])  # "NaN" (a string) with one iteration
        norm = next((m["score"] for k, m in run.get("secondaryMetrics", {}).items()
                     if k.endswith("gc.alloc.rate.norm")), float("nan"))
        ours_sps = ops * samples
        ours_best = max(v for fork in run["primaryMetric"]["rawData"] for v in fork) * samples
        rows.append([
            page, f"{size:,}", f"{samples:,}",
            f"{ours_sps:,.0f}" + ("" if ops_err != ops_err else f" ± {ops_err * samples:,.0f}"),
            f"{g['samples_per_s']:,.0f}",
            f"{ours_sps / g['samples_per_s']:.2f}x",
            f"{ours_best / g['best_samples_per_s']:.2f}x",
            f"{ops * size / 1e6:,.1f}", f"{g['mb_per_s']:,.1f}",
            f"{norm / samples:,.1f}", f"{g['alloc_bytes_per_sample']:,.1f}",
        ])

    header = ["page", "bytes", "samples", "ours samples/s", "expfmt samples/s", "ratio", "best ratio",
              "ours MB/s", "expfmt MB/s", "ours B/sample", "expfmt B/sample"]
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|")
    for r in rows:
        print("| " + " | ".join(r) + " |")


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
