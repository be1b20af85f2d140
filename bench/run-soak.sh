#!/usr/bin/env bash
# Soak of `omescale serve` (a separate JVM, the shaded jar) on loopback with a standalone demo fleet: continuous
# metrics-API load (hey, fixed rate, over TLS) and KEDA load (an independent Python gRPC client polling as KEDA does,
# plus open StreamIsActive streams) for DURATION. Every 10 s it forces a GC in the serve JVM (jcmd GC.run, so heap
# used is the live set, not garbage awaiting collection), then samples heap used (jcmd GC.heap_info) and the thread
# count (/proc/<pid>/status). At the end it compares the first and last thirds of the samples and exits non-zero on
# any request error, heap growth or thread growth. Not part of CI (it takes DURATION); figures in BENCHMARKS.md.
#
# Needs: JDK 17 (java, jcmd), hey, curl, Debian's python3-grpcio and python3-grpc-tools (/usr/bin/python3).
# Environment: DURATION (seconds, default 600), PODS (demo engine pods, 20), ADAPTER_RATE (req/s, 200),
# KEDA_RATE (polls/s, 100), OBJECTS (ScaledObjects, 200), STREAMS (open streams, 20), SAMPLE (seconds, 10),
# HEAP_GROWTH_LIMIT (percent of the first third's mean live heap, 20), HEAP_GROWTH_FLOOR_MB (growth below this
# is never a failure, 8), JAVA_OPTS (serve's JVM; default -XX:+UseZGC -Xmx512m), RESULTS (output folder).
set -euo pipefail
cd "$(dirname "$0")/.."

duration=${DURATION:-600}
pods=${PODS:-20}
adapter_rate=${ADAPTER_RATE:-200}
keda_rate=${KEDA_RATE:-100}
objects=${OBJECTS:-200}
streams=${STREAMS:-20}
sample=${SAMPLE:-10}
heap_limit=${HEAP_GROWTH_LIMIT:-20}
heap_floor=${HEAP_GROWTH_FLOOR_MB:-8}
java_opts=${JAVA_OPTS:--XX:+UseZGC -Xmx512m}
results=${RESULTS:-bench/results/soak-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$results"
results=$(cd "$results" && pwd)
py=/usr/bin/python3

missing=()
command -v hey >/dev/null 2>&1 || missing+=(hey)
command -v curl >/dev/null 2>&1 || missing+=(curl)
$py -c 'import grpc, grpc_tools.protoc' >/dev/null 2>&1 || missing+=(python3-grpcio python3-grpc-tools)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "== installing: ${missing[*]}"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

if [ -z "${SKIP_BUILD:-}" ]; then
  echo "== build"
  ./mvnw -B -pl app,bench -am package -DskipTests -q
fi

fleet_pid=""
serve_pid=""
cleanup() {
  [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null || true
  exec 3>&- 2>/dev/null || true
  [ -n "$fleet_pid" ] && { sleep 1; kill "$fleet_pid" 2>/dev/null || true; }
  wait 2>/dev/null || true
}
trap cleanup EXIT

free_port() { $py -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
keda_port=$(free_port)
adapter_port=$(free_port)

echo "== demo fleet: $pods pods"
rm -f "$results/fleet.env" "$results/fleet.in"
mkfifo "$results/fleet.in"
java -Xmx512m -cp bench/target/benchmarks.jar dev.omescale.bench.soak.SoakFleet "$results" "$pods" "$keda_port" \
    "$adapter_port" < "$results/fleet.in" > "$results/fleet.log" 2>&1 &
fleet_pid=$!
exec 3> "$results/fleet.in"
for _ in $(seq 120); do [ -s "$results/fleet.env" ] && break; sleep 0.5; done
[ -s "$results/fleet.env" ] || { cat "$results/fleet.log"; echo "fleet did not start"; exit 1; }
# shellcheck disable=SC1091
source "$results/fleet.env"

echo "== omescale serve ($java_opts)"
# shellcheck disable=SC2086
java $java_opts -jar app/target/omescale.jar serve --config "$results/serve.yaml" > "$results/serve.log" 2>&1 &
serve_pid=$!
adapter="https://127.0.0.1:$adapter_port"
pods_path="/apis/custom.metrics.k8s.io/v1beta2/namespaces/$NAMESPACE/pods/*/queue_length?labelSelector=app%3D$ISVC-engine"
object_path="/apis/custom.metrics.k8s.io/v1beta2/namespaces/$NAMESPACE/inferenceservices.ome.io/$ISVC/ttft_p95_seconds"
desired_path="/apis/external.metrics.k8s.io/v1beta1/namespaces/$NAMESPACE/desired_replicas?labelSelector=inferenceservice%3D$ISVC"
ready=""
for _ in $(seq 120); do
  if [ "$(curl -sk -o /dev/null -w '%{http_code}' "$adapter$object_path")" = 200 ] \
      && [ "$(curl -sk -o /dev/null -w '%{http_code}' "$adapter$desired_path")" = 200 ]; then ready=yes; break; fi
  kill -0 "$serve_pid" 2>/dev/null || { cat "$results/serve.log"; echo "omescale serve exited"; exit 1; }
  sleep 1
done
[ -n "$ready" ] || { cat "$results/serve.log"; echo "no data from the adapter after 120 s"; exit 1; }

stubs="$results/stubs"
mkdir -p "$stubs"
$py -m grpc_tools.protoc -I keda-external-scaler/src/main/proto --python_out="$stubs" --grpc_python_out="$stubs" \
    keda-external-scaler/src/main/proto/externalscaler.proto

{
  echo "date: $(date -u +%FT%TZ)"
  echo "commit: $(git rev-parse --short HEAD)$([ -z "$(git status --porcelain)" ] || echo ' (dirty)')"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') x $(nproc), load at start $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "java: $(java -version 2>&1 | head -1); serve JVM: $java_opts"
  echo "duration ${duration}s; $pods demo pods; adapter ${adapter_rate} req/s (hey, 3 routes); KEDA ${keda_rate} polls/s over $objects objects + $streams streams"
} | tee "$results/env.txt"

echo "== load for ${duration}s"
per=$((adapter_rate / 3 / 4)); [ "$per" -ge 1 ] || per=1
load_pids=()
for path in "$pods_path" "$object_path" "$desired_path"; do
  name=$(echo "$path" | md5sum | cut -c1-6)
  hey -z "${duration}s" -c 4 -q "$per" -host localhost "$adapter$path" > "$results/hey-$name.txt" 2>&1 &
  load_pids+=($!)
done
$py bench/soak-keda-load.py "$stubs" "127.0.0.1:$keda_port" "$NAMESPACE" "$ISVC" "$keda_rate" "$objects" \
    "$streams" "$duration" > "$results/keda.json" 2> "$results/keda.err" &
load_pids+=($!)

echo "t_s,heap_used_mb,threads" > "$results/samples.csv"
start=$(date +%s)
while :; do
  now=$(date +%s)
  [ $((now - start)) -ge "$duration" ] && break
  kill -0 "$serve_pid" 2>/dev/null || { echo "omescale serve died"; tail -20 "$results/serve.log"; exit 1; }
  jcmd "$serve_pid" GC.run > /dev/null
  heap=$(jcmd "$serve_pid" GC.heap_info | $py -c '
import re, sys
text = sys.stdin.read()
m = re.search(r"used (\d+)([KMG])", text)
scale = {"K": 1 / 1024, "M": 1, "G": 1024}[m.group(2)]
print(round(int(m.group(1)) * scale, 1))')
  threads=$(awk '/^Threads:/ {print $2}' "/proc/$serve_pid/status")
  echo "$((now - start)),$heap,$threads" | tee -a "$results/samples.csv"
  sleep "$sample"
done
for pid in "${load_pids[@]}"; do wait "$pid" || true; done
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$results/env.txt"

echo "== verdict"
status=0
$py - "$results" "$heap_limit" "$heap_floor" <<'PY' || status=$?
import csv, glob, json, os, re, sys
results, heap_limit, heap_floor = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
problems = []
rows = list(csv.DictReader(open(os.path.join(results, "samples.csv"))))
third = max(1, len(rows) // 3)
first, last = rows[:third], rows[-third:]
mean = lambda rs, k: sum(float(r[k]) for r in rs) / len(rs)
h0, h1 = mean(first, "heap_used_mb"), mean(last, "heap_used_mb")
t0, t1 = max(int(r["threads"]) for r in first), max(int(r["threads"]) for r in last)
growth = h1 - h0
if growth > heap_floor and growth > h0 * heap_limit / 100:
    problems.append("live heap grew from %.1f MB to %.1f MB" % (h0, h1))
if t1 > t0 + 2:
    problems.append("threads grew from %d to %d" % (t0, t1))
total = ok = 0
for f in sorted(glob.glob(os.path.join(results, "hey-*.txt"))):
    text = open(f).read()
    codes = dict((int(c), int(n)) for c, n in re.findall(r"\[(\d{3})\]\s+(\d+) responses", text))
    errors = re.findall(r"Error distribution:(.*)", text, re.S)
    total += sum(codes.values())
    ok += codes.get(200, 0)
    if any(c != 200 for c in codes) or (errors and errors[0].strip()):
        problems.append("%s: status codes %s %s" % (os.path.basename(f), codes, errors[0].strip()[:300] if errors else ""))
keda = json.loads(open(os.path.join(results, "keda.json")).read())
if keda["errors"] or keda["stream_errors"]:
    problems.append("KEDA errors: %s, stream errors: %s, first: %s" % (keda["errors"], keda["stream_errors"], keda.get("first_error")))
summary = {
    "samples": len(rows), "heap_first_third_mb": round(h0, 1), "heap_last_third_mb": round(h1, 1),
    "heap_min_mb": min(float(r["heap_used_mb"]) for r in rows), "heap_max_mb": max(float(r["heap_used_mb"]) for r in rows),
    "threads_first_third_max": t0, "threads_last_third_max": t1,
    "adapter_requests": total, "adapter_ok": ok, "keda_polls": keda["polls"], "keda_ok": keda["ok"],
    "keda_polls_per_second": keda["polls_per_second"], "keda_stream_messages": keda["stream_messages"],
    "problems": problems,
}
json.dump(summary, open(os.path.join(results, "summary.json"), "w"), indent=1)
print(json.dumps(summary, indent=1))
sys.exit(1 if problems else 0)
PY
echo "results in $results"
exit $status
