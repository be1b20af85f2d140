#!/usr/bin/env python3
"""Markdown table of a run-scrape-cost.sh run: omescale's telemetry pipeline vs Prometheus, side by side.

Usage: scrape-cost-table.py RESULTS_DIR  (the folder run-scrape-cost.sh wrote)
"""
import json
import os
import sys

TARGET_PERCENT = 25.0  # the acceptance target: under 25 % of one core


def load(path):
    with open(path) as f:
        return json.load(f)


def window(outside):
    """Per-second numbers over the span between the start and end snapshots taken from outside."""
    s, e = outside["start"], outside["end"]
    wall = e["wall"] - s["wall"]
    idle = e["machineIdle"] - s["machineIdle"]
    return {
        "wall": wall,
        "cpu": 100 * (e["cpu"] - s["cpu"]) / wall,
        "server": 100 * (e["serverCpu"] - s["serverCpu"]) / wall,
        "machine": 100 * (os.cpu_count() * wall - idle) / wall,  # % of one core, like the processes
        "scrapes": (e["served"] - s["served"]) / wall,
        "served": e["served"] - s["served"],
        "rss": e["rssBytes"],
        "load": "%s → %s" % (s["loadavg"], e["loadavg"]),
    }


def failure_streaks(log):
    """Targets that went down ("target down: ..." in the scraper's log) before and during the measurement."""
    warmup, measured, measuring = 0, 0, False
    with open(log) as f:
        for line in f:
            if "scrape-cost: measuring for" in line:
                measuring = True
            elif " target down: " in line:
                if measuring:
                    measured += 1
                else:
                    warmup += 1
    return warmup, measured


def scalar(query_result):
    result = query_result["data"]["result"]
    return float(result[0]["value"][1]) if result else float("nan")


def main(results):
    om = load(os.path.join(results, "omescale.json"))
    om_out = window(load(os.path.join(results, "omescale-outside.json")))
    prom_raw = load(os.path.join(results, "prometheus-outside.json"))
    pr_out = window(prom_raw)
    prom_scrapes = scalar(prom_raw["scrapes"])
    prom_errors = prom_scrapes - scalar(prom_raw["successes"])
    prom_run_errors = scalar(prom_raw["runScrapes"]) - scalar(prom_raw["runSuccesses"])
    warmup_streaks, measured_streaks = failure_streaks(os.path.join(results, "omescale.log"))
    targets, interval = om["targets"], om["intervalSeconds"]
    om_cpu, pr_cpu = om["cpuPercentOfOneCore"], pr_out["cpu"]
    cores = os.cpu_count()

    rows = [
        ("CPU, % of one core (measured process)", "%.1f" % om_cpu, "%.1f" % pr_cpu),
        ("same, from /proc/<pid>/stat", "%.1f" % om_out["cpu"], "%.1f" % pr_cpu),
        ("ratio omescale / Prometheus", "%.2f" % (om_cpu / pr_cpu), ""),
        ("scrapes/s (pages served; expected %.0f)" % (targets / interval),
         "%.1f" % om_out["scrapes"], "%.1f" % pr_out["scrapes"]),
        ("scrape errors", "%d" % om["scrapeErrors"], "%d" % prom_errors),
        ("scrape errors during the warm-up",
         "%d (%d targets went down, per the log)" % (om["warmupScrapeErrors"], warmup_streaks),
         "%d" % (prom_run_errors - prom_errors)),
        ("scrapes recorded by the scraper itself", "≥ %d (seen by reports)" % om["successesSeenByReports"],
         "%d (count_over_time(up))" % prom_scrapes),
        ("mean scrape duration, ms", "%.1f" % om["lastReport"].get("meanScrapeMillis", float("nan")),
         "%.1f" % (1000 * scalar(prom_raw["scrapeSeconds"]))),
        ("resident memory at the end, MB", "%.0f" % (om_out["rss"] / 1e6), "%.0f" % (pr_out["rss"] / 1e6)),
        ("page server CPU, % of one core", "%.1f" % om_out["server"], "%.1f" % pr_out["server"]),
        ("whole machine busy, %% of one core (of %d; others' work included)" % cores,
         "%.1f" % om_out["machine"], "%.1f" % pr_out["machine"]),
        ("load average, start → end", om_out["load"], pr_out["load"]),
        ("measured seconds", "%.1f" % om["measuredSeconds"], "%.1f" % pr_out["wall"]),
    ]
    print("| %d targets every %ds, vLLM busy page | omescale | Prometheus |" % (targets, interval))
    print("|---|---:|---:|")
    for name, a, b in rows:
        print("| %s | %s | %s |" % (name, a, b))
    print()
    ev = om["reportEvalMillis"]
    print("omescale: report() every %ds took %.1f ms mean, %.1f ms max (%d reports); GC %d collections, %d ms;"
          " heap after full GC %.0f MB; last report: %d pods, %d components, %d targets up"
          % (interval, ev["mean"], ev["max"], om["reports"], om["gcCollections"], om["gcMillis"],
             om["heapAfterFullGcMegabytes"], om["lastReport"].get("pods", 0),
             om["lastReport"].get("components", 0), om["lastReport"].get("targetsUp", 0)))
    print("omescale CPU by thread group (%% of one core): %s" % ", ".join(
        "%s %.1f" % (k, v) for k, v in om["cpuPercentByThreadGroup"].items()))
    print("omescale allocation (MB/s): %s" % ", ".join(
        "%s %.1f" % (k, v) for k, v in om["allocatedMegabytesPerSecond"].items()))
    print("Prometheus: %.0f samples per scrape" % scalar(prom_raw["samplesPerScrape"]))
    if measured_streaks:
        print("omescale: %d targets went down during the measurement (see omescale.log)" % measured_streaks)
    verdict = ("PASS" if om_cpu < TARGET_PERCENT and om["ok"] and measured_streaks == 0 and prom_errors == 0
               else "FAIL")
    print("target: omescale under %.0f%% of one core with no scrape errors: %s (%.1f%%)"
          % (TARGET_PERCENT, verdict, om_cpu))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
