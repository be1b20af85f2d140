#!/usr/bin/env bash
# Parse throughput, omescale's ExpositionParser (JMH) vs Go's prometheus/common expfmt, on the same page
# bytes, the same core and in the same run, one after the other. Prints a Markdown table and keeps the raw
# results under bench/results/ (git-ignored).
#
# Needs: JDK 17, python3, taskset, and Debian's golang-go + golang-github-prometheus-common-dev
# (the Go reference builds offline from /usr/share/gocode).
#
# Environment: BENCH_CPU (core to pin both sides to, default 0), RESULTS (output folder),
# JMH_ARGS (replaces the default JMH options), GO_WARMUP / GO_MEASUREMENTS / GO_MEASUREMENT_TIME
# (default 6s / 5 / 2s, matching JMH's 3x2s warm-up and 5x2s measurement).
set -euo pipefail
cd "$(dirname "$0")/.."

cpu=${BENCH_CPU:-0}
results=${RESULTS:-bench/results/parse-$(date -u +%Y%m%dT%H%M%SZ)}
pages="$results/pages"
jmh_args=${JMH_ARGS:-"-f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc"}
# The Go side mirrors JMH's defaults above: 3x2s of warm-up, 5 measurements of 2s.
go_warmup=${GO_WARMUP:-6s}
go_measurements=${GO_MEASUREMENTS:-5}
go_measurement_time=${GO_MEASUREMENT_TIME:-2s}
mkdir -p "$pages"

echo "== build"
./mvnw -B -pl bench -am package -DskipTests
GO111MODULE=off GOPATH=/usr/share/gocode GOPROXY=off go build -o bench/go/bin/expfmt-bench ./bench/go/expfmt-bench

echo "== pages"
java -cp bench/target/benchmarks.jar dev.omescale.bench.BenchPages "$pages"

{
  echo "date: $(date -u +%FT%TZ)"
  echo "commit: $(git rev-parse --short HEAD)$([ -z "$(git status --porcelain)" ] || echo ' (dirty)')"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') (pinned to core $cpu of $(nproc))"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "jvm gc on one core: $(taskset -c "$cpu" java -XX:+PrintFlagsFinal -version 2>/dev/null \
      | awk '$1 == "bool" && $2 ~ /^Use(Serial|Parallel|G1|Z|Shenandoah)GC$/ && $4 == "true" {print $2}')"
  echo "go: $(go version)"
  echo "expfmt: golang-github-prometheus-common-dev $(dpkg-query -W -f='${Version}' golang-github-prometheus-common-dev 2>/dev/null || echo '?')"
  echo "jmh: $jmh_args"
} | tee "$results/env.txt"

# Page by page, expfmt then JMH, so each pair of numbers is measured minutes apart at most.
: > "$results/expfmt.jsonl"
: > "$results/jmh.txt"
for page in vllm-real vllm-busy dcgm-real; do
  echo "== $page: expfmt (GOMAXPROCS=1, taskset -c $cpu)"
  GOMAXPROCS=1 taskset -c "$cpu" bench/go/bin/expfmt-bench -page "$pages/$page.prom" \
      -warmup "$go_warmup" -measurements "$go_measurements" -measurement-time "$go_measurement_time" \
      | tee -a "$results/expfmt.jsonl"
  echo "== $page: omescale (JMH, taskset -c $cpu)"
  # shellcheck disable=SC2086
  taskset -c "$cpu" java -jar bench/target/benchmarks.jar ParseBenchmark -p page="$page" $jmh_args \
      -rf json -rff "$results/jmh-$page.json" | tee -a "$results/jmh.txt"
done

echo "== comparison"
python3 bench/parse-comparison-table.py "$pages" "$results/expfmt.jsonl" "$results"/jmh-*.json | tee "$results/table.md"
echo "results in $results"
