#!/usr/bin/env bash
# Load on omescale's metrics adapter over TLS, next to the path prometheus-adapter takes (one PromQL query per
# request against the real Prometheus), in the same run on the same machine:
#   - a DemoFleet of $PODS simulated vLLM pods, scraped both by omescale's telemetry pipeline (feeding the adapter)
#     and by Prometheus (Debian's /usr/bin/prometheus, started here on loopback);
#   - pods/* for all pods and an InferenceService object metric, from the adapter (HTTPS) and as the equivalent
#     PromQL instant query (prometheus-adapter's default queries; plain HTTP, so a lower bound of its cost);
#   - hey at a fixed rate ($RATE req/s: $WORKERS workers x RATE/WORKERS each) for p50/p99 at that rate, and wrk
#     closed-loop for the maximum throughput.
# The adapter runs with `authentication: none` (neither hey nor wrk can present a client certificate); one extra
# row loads a second adapter that checks a bearer token (in-memory TokenReviewer) to show the cost of
# authentication. Prints a Markdown table; raw outputs stay under bench/results/ (git-ignored).
#
# Needs: JDK 17, python3, curl, wrk, hey, prometheus (Debian packages; installed here when missing).
# Environment: PODS (100), RATE (2000), WORKERS (20), DURATION (10s), RESULTS (output folder), JAVA_OPTS (for the
# JVM that runs the adapter, e.g. -XX:+UseZGC).
set -euo pipefail
cd "$(dirname "$0")/.."

pods=${PODS:-100}
rate=${RATE:-2000}
workers=${WORKERS:-20}
duration=${DURATION:-10s}
results=${RESULTS:-bench/results/adapter-load-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$results"
results=$(cd "$results" && pwd)

missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v hey >/dev/null 2>&1 || missing+=(hey)
command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
command -v curl >/dev/null 2>&1 || missing+=(curl)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "== installing: ${missing[*]}"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

echo "== build"
./mvnw -B -pl bench -am package -DskipTests

harness_pid=""
prometheus_pid=""
cleanup() {
  [ -n "$prometheus_pid" ] && kill "$prometheus_pid" 2>/dev/null || true
  exec 3>&- 2>/dev/null || true
  [ -n "$harness_pid" ] && { sleep 1; kill "$harness_pid" 2>/dev/null || true; }
  wait 2>/dev/null || true
}
trap cleanup EXIT

echo "== harness: $pods demo pods, pipeline, adapters"
rm -f "$results/harness.env" "$results/harness.in"
mkfifo "$results/harness.in"
java -Xmx1g ${JAVA_OPTS:-} -cp bench/target/benchmarks.jar dev.omescale.bench.adapter.AdapterLoadHarness "$results" "$pods" \
    < "$results/harness.in" > "$results/harness.log" 2>&1 &
harness_pid=$!
exec 3> "$results/harness.in"   # the harness runs until this closes
for _ in $(seq 120); do [ -s "$results/harness.env" ] && break; sleep 0.5; done
[ -s "$results/harness.env" ] || { cat "$results/harness.log"; echo "harness did not start"; exit 1; }
# shellcheck disable=SC1091
source "$results/harness.env"

echo "== prometheus"
prom_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
prometheus --config.file="$results/prometheus.yml" --storage.tsdb.path="$results/prometheus-data" \
    --web.listen-address="127.0.0.1:$prom_port" --log.level=warn > "$results/prometheus.log" 2>&1 &
prometheus_pid=$!
PROM="http://127.0.0.1:$prom_port"

echo "== waiting for data on both sides"
ready=""
for _ in $(seq 120); do
  a=$(curl -sk "$ADAPTER$PODS_PATH" | python3 -c 'import json,sys; print(len(json.load(sys.stdin).get("items",[])))' 2>/dev/null || echo 0)
  o=$(curl -sk -o /dev/null -w '%{http_code}' "$ADAPTER$OBJECT_PATH" || true)
  p=$(curl -s "$PROM$PROM_PODS_PATH" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["data"]["result"]))' 2>/dev/null || echo 0)
  q=$(curl -s "$PROM$PROM_OBJECT_PATH" | python3 -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(len(r) if r and r[0]["value"][1] not in ("NaN",) else 0)' 2>/dev/null || echo 0)
  if [ "$a" = "$pods" ] && [ "$o" = "200" ] && [ "$p" = "$pods" ] && [ "$q" = "1" ]; then ready=yes; break; fi
  sleep 1
done
[ -n "$ready" ] || { echo "no data: adapter pods=$a object=$o prometheus pods=$p object=$q"; exit 1; }
curl -sk "$ADAPTER$OBJECT_PATH" > "$results/sample-object.json"
curl -sk "$ADAPTER$PODS_PATH" > "$results/sample-pods.json"
curl -s "$PROM$PROM_PODS_PATH" > "$results/sample-prom-pods.json"
curl -s "$PROM$PROM_OBJECT_PATH" > "$results/sample-prom-object.json"

{
  echo "date: $(date -u +%FT%TZ)"
  echo "commit: $(git rev-parse --short HEAD)$([ -z "$(git status --porcelain)" ] || echo ' (dirty)')"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') x $(nproc), shared"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "prometheus: $(prometheus --version 2>&1 | head -1)"
  echo "hey: $(dpkg-query -W -f='${Version}' hey 2>/dev/null), wrk: $(dpkg-query -W -f='${Version}' wrk 2>/dev/null)"
  echo "pods: $pods, fixed rate: $rate req/s ($workers workers), duration: $duration each"
} | tee "$results/env.txt"

echo "== warm-up"
hey -z 5s -c "$workers" -host localhost "$ADAPTER$PODS_PATH" > /dev/null
hey -z 3s -c "$workers" -host localhost "$ADAPTER$OBJECT_PATH" > /dev/null
hey -z 3s -c "$workers" -host localhost "$PROM$PROM_PODS_PATH" > /dev/null

per_worker=$((rate / workers))
# hey puts host:port into the TLS server name, which JSSE refuses as an illegal SNI; -host sets a plain one.
fixed() { # name url [header]
  echo "== fixed rate: $1"
  local extra=(-host localhost)
  [ $# -gt 2 ] && extra+=(-H "$3")
  hey -z "$duration" -c "$workers" -q "$per_worker" "${extra[@]}" "$2" > "$results/hey-$1.txt"
}
closed() { # name url
  echo "== closed loop: $1"
  wrk -t 2 -c 32 -d "$duration" --latency "$2" > "$results/wrk-$1.txt"
}
fixed adapter-pods "$ADAPTER$PODS_PATH"
fixed prometheus-pods "$PROM$PROM_PODS_PATH"
fixed adapter-object "$ADAPTER$OBJECT_PATH"
fixed prometheus-object "$PROM$PROM_OBJECT_PATH"
fixed adapter-pods-token "$ADAPTER_TOKEN$PODS_PATH" "Authorization: Bearer $TOKEN"
closed adapter-pods "$ADAPTER$PODS_PATH"
closed prometheus-pods "$PROM$PROM_PODS_PATH"
closed adapter-object "$ADAPTER$OBJECT_PATH"
closed prometheus-object "$PROM$PROM_OBJECT_PATH"

echo "== server-side work per answer (JMH, no HTTP/TLS)"
java -jar bench/target/benchmarks.jar AdapterAnswerBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s \
    -rf json -rff "$results/jmh-answer.json" | tee "$results/jmh-answer.txt"

echo "== table"
python3 bench/adapter-load-table.py "$results" | tee "$results/table.md"
echo "results in $results"
