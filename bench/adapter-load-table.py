#!/usr/bin/env python3
"""Turns run-adapter-load.sh's hey and wrk outputs into one Markdown table."""
import pathlib
import re
import sys

results = pathlib.Path(sys.argv[1])

ROWS = [
    ("adapter-pods", "omescale adapter, pods/* (HTTPS, in-memory view)", "sample-pods.json"),
    ("prometheus-pods", "PromQL per request, pods (prometheus-adapter's path, HTTP)", "sample-prom-pods.json"),
    ("adapter-object", "omescale adapter, InferenceService object (HTTPS)", "sample-object.json"),
    ("prometheus-object", "PromQL per request, object histogram_quantile (HTTP)", "sample-prom-object.json"),
    ("adapter-pods-token", "omescale adapter, pods/*, bearer token checked (HTTPS)", "sample-pods.json"),
]


def ms(seconds):
    return f"{float(seconds) * 1000:.2f}"


def hey(name):
    f = results / f"hey-{name}.txt"
    if not f.exists():
        return None
    t = f.read_text()
    rps = re.search(r"Requests/sec:\s+([\d.]+)", t).group(1)
    p50 = re.search(r"50%+ in ([\d.]+) secs", t)
    p99 = re.search(r"99%+ in ([\d.]+) secs", t)
    codes = dict((c, int(n)) for c, n in re.findall(r"\[(\d+)\]\s+(\d+) responses", t))
    errors = 0
    if "Error distribution:" in t:
        errors = sum(int(n) for n in re.findall(r"^\s+\[(\d+)\]", t.split("Error distribution:", 1)[1], re.M))
    non200 = sum(n for c, n in codes.items() if c != "200") + errors
    return {"rps": float(rps), "p50": ms(p50.group(1)) if p50 else "-", "p99": ms(p99.group(1)) if p99 else "-",
            "bad": non200}


def wrk_latency(text, pct):
    m = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    if not m:
        return "-"
    v, unit = float(m.group(1)), m.group(2)
    return f"{v / 1000 if unit == 'us' else v * 1000 if unit == 's' else v:.2f}"


def wrk(name):
    f = results / f"wrk-{name}.txt"
    if not f.exists():
        return None
    t = f.read_text()
    rps = re.search(r"Requests/sec:\s+([\d.]+)", t).group(1)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
    return {"rps": float(rps), "p50": wrk_latency(t, 50), "p99": wrk_latency(t, 99), "bad": int(bad.group(1)) if bad else 0}


print((results / "env.txt").read_text().strip().replace("\n", "  \n"))
print()
print("| path | fixed rate: achieved req/s | p50 ms | p99 ms | bytes/response | non-200 | closed loop (wrk 32 conns): req/s | p50 ms | p99 ms |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for name, label, sample in ROWS:
    h = hey(name)
    w = wrk(name)
    size = (results / sample).stat().st_size if (results / sample).exists() else "-"
    cells = [label]
    cells += [f"{h['rps']:.0f}", h["p50"], h["p99"], str(size), str(h["bad"])] if h else ["-"] * 5
    cells += [f"{w['rps']:.0f}", w["p50"], w["p99"]] if w else ["-"] * 3
    print("| " + " | ".join(cells) + " |")

jmh = results / "jmh-answer.json"
if jmh.exists():
    import json
    print()
    print("| adapter work per answer (JMH, no HTTP/TLS) | µs/op | ± |")
    print("|---|---:|---:|")
    for b in json.loads(jmh.read_text()):
        m = b["primaryMetric"]
        print(f"| {b['benchmark'].rsplit('.', 1)[1]} ({b['params']['pods']} pods) | {m['score']:.1f} | {m['scoreError']:.1f} |")
