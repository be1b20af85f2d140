#!/usr/bin/env bash
# CPU cost of scraping many vLLM-sized pages every 5 s: omescale's telemetry pipeline (ScrapeCost) vs the real
# Prometheus, one after the other against the same PageServer, never at the same time (they would compete for
# the cores). Prints a Markdown table and keeps the raw results under bench/results/ (git-ignored).
#
# Needs: JDK 17, python3, curl, Debian's prometheus (/usr/bin/prometheus, or OMESCALE_PROMETHEUS).
#
# Environment: TARGETS (default 1000), WARMUP / MEASURE seconds for each side (default 60 / 120; e.g.
# WARMUP=10 MEASURE=20 for a smoke run), INTERVAL seconds (default 5), SCRAPECOST_JAVA_OPTS (JVM options of
# the measured omescale JVM, default none: the JVM's own heap sizing), SKIP_BUILD=1, RESULTS (output folder).
set -euo pipefail
cd "$(dirname "$0")/.."

targets=${TARGETS:-1000}
warmup=${WARMUP:-60}
measure=${MEASURE:-120}
interval=${INTERVAL:-5}
timeout=3
prometheus=${OMESCALE_PROMETHEUS:-/usr/bin/prometheus}
results=${RESULTS:-bench/results/scrape-cost-$(date -u +%Y%m%dT%H%M%SZ)}
jar=bench/target/benchmarks.jar
mkdir -p "$results"
results=$(cd "$results" && pwd)
hz=$(getconf CLK_TCK)

pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "== build"
  ./mvnw -B -pl bench -am package -DskipTests
fi
[ -x "$prometheus" ] || { echo "Prometheus not found at $prometheus; apt-get install -y --no-install-recommends prometheus, or set OMESCALE_PROMETHEUS" >&2; exit 1; }

# CPU seconds (user + system) a process has used, from /proc/<pid>/stat fields 14 and 15 (clock ticks).
proc_cpu() { awk -v hz="$hz" '{ sub(/^.*\) /, ""); printf "%.2f\n", ($12 + $13) / hz }' "/proc/$1/stat"; }
# Idle seconds of the whole machine, all cores (idle + iowait in /proc/stat). Busy time is cores x wall - idle:
# the busy fields of /proc/stat are sampled at ticks and miss short bursts on a tickless kernel, idle is exact.
machine_idle() { awk -v hz="$hz" '$1 == "cpu" { printf "%.2f\n", ($5 + $6) / hz }' /proc/stat; }
served() { curl -sf "$server/stats" | python3 -c 'import json, sys; print(json.load(sys.stdin)["served"])'; }
now() { date +%s.%N; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# A snapshot of everything measured from outside: time, the measured process, the page server, the machine.
snapshot() { # name pid
  echo "\"$1\": {\"wall\": $(now), \"cpu\": $(proc_cpu "$2"), \"serverCpu\": $(proc_cpu "$server_pid"),"\
    "\"rssBytes\": $(awk '/^VmRSS/ {print $2 * 1024}' "/proc/$2/status"), \"machineIdle\": $(machine_idle),"\
    "\"served\": $(served), \"loadavg\": \"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
}

{
  echo "date: $(date -u +%FT%TZ)"
  echo "commit: $(git rev-parse --short HEAD)$([ -z "$(git status --porcelain)" ] || echo ' (dirty)')"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') x $(nproc)"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "prometheus: $("$prometheus" --version 2>&1 | head -1)"
  echo "targets: $targets every ${interval}s (timeout ${timeout}s); warm-up ${warmup}s, measured ${measure}s per side"
  echo "scrapecost jvm options: ${SCRAPECOST_JAVA_OPTS:-(none)}"
  echo "uptime at start: $(uptime)"
} | tee "$results/env.txt"

echo "== page server ($targets targets)"
rm -f "$results/port"
java -cp "$jar" dev.omescale.bench.PageServer --targets "$targets" --port-file "$results/port" \
    > "$results/page-server.log" 2>&1 &
server_pid=$!
pids+=("$server_pid")
for _ in $(seq 1 100); do
  [ -s "$results/port" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$results/page-server.log" >&2; exit 1; }
  sleep 0.2
done
server="http://127.0.0.1:$(cat "$results/port")"
cat "$results/page-server.log"

echo "== omescale: warm-up ${warmup}s, then measured ${measure}s"
# shellcheck disable=SC2086
java ${SCRAPECOST_JAVA_OPTS:-} -cp "$jar" dev.omescale.bench.ScrapeCost --server "$server" --targets "$targets" \
    --warmup "$warmup" --measure "$measure" --interval "$interval" --timeout "$timeout" \
    > "$results/omescale.json" 2> "$results/omescale.log" &
omescale_pid=$!
pids+=("$omescale_pid")
# ScrapeCost says when its measurement starts and ends; the outside snapshots bracket the same span.
wait_for_log() {
  until grep -q "$1" "$results/omescale.log"; do
    kill -0 "$omescale_pid" 2>/dev/null || { cat "$results/omescale.log" >&2; exit 1; }
    sleep 0.1
  done
}
wait_for_log "measuring for"
omescale_start=$(snapshot start "$omescale_pid")
wait_for_log "measured"
omescale_end=$(snapshot end "$omescale_pid")
wait "$omescale_pid"
echo "{$omescale_start, $omescale_end}" > "$results/omescale-outside.json"
grep -v '^scrape-cost: ' "$results/omescale.log" >&2 || true

echo "== prometheus: warm-up ${warmup}s, then measured ${measure}s"
prom_dir=$(mktemp -d)
prom_port=$(free_port)
python3 - "$targets" "$interval" "$timeout" "$server" > "$prom_dir/prometheus.yml" <<'EOF'
import sys
targets, interval, timeout, server = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
address = server.split("://", 1)[1]
print("global:\n  scrape_interval: %ss\n  scrape_timeout: %ss" % (interval, timeout))
print("scrape_configs:\n  - job_name: bench\n    static_configs:")
# One target per page: the path comes from __metrics_path__; instance and pod keep the series apart.
for i in range(targets):
    print("      - targets: ['%s']" % address)
    print("        labels: {__metrics_path__: '/t/%d/metrics', instance: 'pod-%d', namespace: bench,"
          " pod: 'pod-%d', inferenceservice: 'svc-%d', component: engine}" % (i, i, i, i // 10))
EOF
cp "$prom_dir/prometheus.yml" "$results/prometheus.yml"
"$prometheus" --config.file="$prom_dir/prometheus.yml" --storage.tsdb.path="$prom_dir/data" \
    --web.listen-address="127.0.0.1:$prom_port" --log.level=warn > "$results/prometheus.log" 2>&1 &
prom_pid=$!
pids+=("$prom_pid")
prom="http://127.0.0.1:$prom_port"
for _ in $(seq 1 300); do
  curl -sf "$prom/-/ready" > /dev/null && break
  kill -0 "$prom_pid" 2>/dev/null || { cat "$results/prometheus.log" >&2; exit 1; }
  sleep 0.2
done
sleep "$warmup"
prom_start=$(snapshot start "$prom_pid")
sleep "$measure"
prom_end=$(snapshot end "$prom_pid")
# Queried after the end snapshot, so the queries' own CPU is not counted.
query() { curl -sf "$prom/api/v1/query" --data-urlencode "query=$1" --data-urlencode "time=$2"; }
end_time=$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["end"]["wall"])' "{$prom_end}")
{
  echo "{$prom_start, $prom_end,"
  echo "\"scrapes\": $(query "sum(count_over_time(up{job=\"bench\"}[${measure}s]))" "$end_time"),"
  echo "\"successes\": $(query "sum(sum_over_time(up{job=\"bench\"}[${measure}s]))" "$end_time"),"
  echo "\"samplesPerScrape\": $(query "avg(scrape_samples_scraped{job=\"bench\"})" "$end_time"),"
  echo "\"runScrapes\": $(query "sum(count_over_time(up{job=\"bench\"}[$((warmup + measure))s]))" "$end_time"),"
  echo "\"runSuccesses\": $(query "sum(sum_over_time(up{job=\"bench\"}[$((warmup + measure))s]))" "$end_time"),"
  echo "\"scrapeSeconds\": $(query "avg(avg_over_time(scrape_duration_seconds{job=\"bench\"}[${measure}s]))" "$end_time")"
  echo "}"
} > "$results/prometheus-outside.json"
# Prometheus's view of itself, unscraped: heap, head series, GC.
curl -sf "$prom/metrics" | grep -E '^(go_memstats_heap_inuse_bytes|go_gc_duration_seconds_count|prometheus_tsdb_head_series) ' \
    > "$results/prometheus-self.txt" || true
kill "$prom_pid"
wait "$prom_pid" 2>/dev/null || true
rm -rf "$prom_dir"
echo "uptime at end: $(uptime)" | tee -a "$results/env.txt"

echo "== comparison"
python3 bench/scrape-cost-table.py "$results" | tee "$results/table.md"
echo "results in $results"
