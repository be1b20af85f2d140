"""KEDA-side load for bench/run-soak.sh: OBJECTS ScaledObjects polled as KEDA does (GetMetricSpec, GetMetrics,
IsActive) at RATE polls/s over one connection, plus STREAMS StreamIsActive streams held open, for DURATION seconds.
Rotates the signals (desired_replicas, queue_length, kv_cache_utilization, ttft_p95_seconds) over the objects.
Prints one JSON line with the counts; every gRPC error is counted by status code (UNAVAILABLE while the first
scrapes are not in yet is counted separately, as warm-up).

usage: soak-keda-load.py STUB_DIR HOST:PORT NAMESPACE ISVC RATE OBJECTS STREAMS DURATION
"""
import json
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, sys.argv[1])

import grpc  # noqa: E402
import externalscaler_pb2 as pb  # noqa: E402
import externalscaler_pb2_grpc as rpc  # noqa: E402

address, namespace, isvc = sys.argv[2], sys.argv[3], sys.argv[4]
rate, objects, streams, duration = float(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7]), float(sys.argv[8])
SIGNALS = [{}, {"signal": "queue_length", "target": "5"}, {"signal": "kv_cache_utilization", "target": "0.7"},
           {"signal": "ttft_p95_seconds", "target": "0.5"}]

lock = threading.Lock()
counts = {"polls": 0, "ok": 0, "errors": {}, "stream_messages": 0, "stream_errors": {}}


def ref(i):
    md = {"scalerAddress": address, "inferenceService": isvc, "namespace": namespace}
    md.update(SIGNALS[i % len(SIGNALS)])
    return pb.ScaledObjectRef(name="soak-%d" % i, namespace=namespace, scalerMetadata=md)


def poll(stub, i):
    r = ref(i)
    try:
        spec = stub.GetMetricSpec(r, timeout=5)
        name = spec.metricSpecs[0].metricName
        stub.GetMetrics(pb.GetMetricsRequest(scaledObjectRef=r, metricName=name), timeout=5)
        stub.IsActive(r, timeout=5)
        with lock:
            counts["polls"] += 1
            counts["ok"] += 1
    except grpc.RpcError as e:
        with lock:
            counts["polls"] += 1
            key = e.code().name
            counts["errors"][key] = counts["errors"].get(key, 0) + 1
            counts.setdefault("first_error", "%s: %s" % (key, e.details()))


def hold_stream(stub, i, stop):
    while not stop.is_set():
        call = stub.StreamIsActive(ref(i))
        try:
            for _ in call:
                with lock:
                    counts["stream_messages"] += 1
                if stop.is_set():
                    break
        except grpc.RpcError as e:
            if not stop.is_set():
                with lock:
                    key = e.code().name
                    counts["stream_errors"][key] = counts["stream_errors"].get(key, 0) + 1
                time.sleep(1)
        finally:
            call.cancel()


def main():
    channel = grpc.insecure_channel(address)
    stub = rpc.ExternalScalerStub(channel)
    stop = threading.Event()
    holders = [threading.Thread(target=hold_stream, args=(stub, i, stop), daemon=True) for i in range(streams)]
    for t in holders:
        t.start()
    start = time.monotonic()
    sent = 0
    with ThreadPoolExecutor(max_workers=16) as pool:
        while time.monotonic() - start < duration:
            due = int((time.monotonic() - start) * rate)
            while sent < due:
                pool.submit(poll, stub, sent % objects)
                sent += 1
            time.sleep(0.005)
    stop.set()
    counts["seconds"] = round(time.monotonic() - start, 1)
    counts["polls_per_second"] = round(counts["polls"] / counts["seconds"], 1)
    print(json.dumps(counts))
    channel.close()


main()
