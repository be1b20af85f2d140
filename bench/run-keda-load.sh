#!/usr/bin/env bash
# Load on the KEDA external scaler (1,000 distinct ScaledObjects polled as KEDA does: GetMetricSpec +
# GetMetrics + IsActive) and, in the same run, the path it replaces: one PromQL query per poll against the real
# Prometheus scraping a demo fleet. Prints a Markdown table and keeps it under bench/results/ (git-ignored).
#
# Needs: JDK 17 and Debian's prometheus (/usr/bin/prometheus, or OMESCALE_PROMETHEUS).
#
# Environment: RATE (polls/s, default 2000), OBJECTS (1000), WARMUP (10s), DURATION (30s), SATURATION (15s),
# CONCURRENCY (polls in flight at saturation, 32), RESULTS (output folder), JAVA_OPTS.
set -euo pipefail
cd "$(dirname "$0")/.."

results=${RESULTS:-bench/results/keda-load-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$results"

echo "== build"
./mvnw -B -pl bench -am package -DskipTests

{
  echo "date: $(date -u +%FT%TZ)"
  echo "commit: $(git rev-parse --short HEAD)$([ -z "$(git status --porcelain)" ] || echo ' (dirty)')"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') ($(nproc) cores)"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "prometheus: $(${OMESCALE_PROMETHEUS:-/usr/bin/prometheus} --version 2>&1 | head -1)"
} | tee "$results/env.txt"

# shellcheck disable=SC2086
java ${JAVA_OPTS:-} -Drate="${RATE:-2000}" -Dobjects="${OBJECTS:-1000}" -Dwarmup="${WARMUP:-10s}" \
    -Dduration="${DURATION:-30s}" -Dsaturation="${SATURATION:-15s}" -Dconcurrency="${CONCURRENCY:-32}" \
    -Dout="$results" -cp bench/target/benchmarks.jar dev.omescale.bench.KedaLoadBenchmark \
    | tee "$results/output.txt"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$results/env.txt"
echo "results in $results"
