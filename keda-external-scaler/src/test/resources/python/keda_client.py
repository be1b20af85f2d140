"""An independent client of omescale's KEDA external scaler, written against stubs that grpc_tools.protoc
generates from the project's externalscaler.proto at test time (Debian's python3-grpcio and python3-grpc-tools).

It calls every rpc the way KEDA does and prints one JSON object with what it saw. After cancelling the two
streams it prints a line and waits for one on stdin, so the test can check that the server dropped them while
this client's connection is still open.

usage: keda_client.py STUB_DIR HOST:PORT [CA CERT KEY]
"""
import json
import sys

sys.path.insert(0, sys.argv[1])

import grpc  # noqa: E402
import externalscaler_pb2 as pb  # noqa: E402
import externalscaler_pb2_grpc as rpc  # noqa: E402


def ref(**metadata):
    md = {"scalerAddress": sys.argv[2]}
    md.update(metadata)
    return pb.ScaledObjectRef(name="so", namespace="default", scalerMetadata=md)


def spec_dict(response):
    return [{"metricName": s.metricName, "targetSize": s.targetSize, "targetSizeFloat": s.targetSizeFloat}
            for s in response.metricSpecs]


def values_dict(response):
    return [{"metricName": v.metricName, "metricValue": v.metricValue, "metricValueFloat": v.metricValueFloat}
            for v in response.metricValues]


def error(call):
    try:
        call()
    except grpc.RpcError as e:
        return {"code": e.code().name, "details": e.details()}
    return {"code": "OK"}


def poll(stub, r):
    """What KEDA's polling loop does per trigger: GetMetricSpec, GetMetrics with the spec's name, IsActive."""
    spec = stub.GetMetricSpec(r, timeout=5)
    name = spec.metricSpecs[0].metricName
    values = stub.GetMetrics(pb.GetMetricsRequest(scaledObjectRef=r, metricName=name), timeout=5)
    active = stub.IsActive(r, timeout=5)
    return {"spec": spec_dict(spec), "values": values_dict(values), "active": active.result}


def first_then_cancel(stream):
    first = next(stream)
    stream.cancel()
    try:
        for _ in stream:
            pass
        ended = "OK"
    except grpc.RpcError as e:
        ended = e.code().name
    return first, ended


def main():
    target = sys.argv[2]
    if len(sys.argv) > 3:
        with open(sys.argv[3], "rb") as f:
            ca = f.read()
        cert = key = None
        if sys.argv[4] != "-":
            with open(sys.argv[4], "rb") as f:
                cert = f.read()
            with open(sys.argv[5], "rb") as f:
                key = f.read()
        creds = grpc.ssl_channel_credentials(root_certificates=ca, private_key=key, certificate_chain=cert)
        channel = grpc.secure_channel(target, creds)
        stub = rpc.ExternalScalerStub(channel)
        out = {"tls": error(lambda: poll(stub, ref(inferenceService="llama-chat")))}
        if out["tls"]["code"] == "OK":
            out["tls"]["poll"] = poll(stub, ref(inferenceService="llama-chat"))
        print(json.dumps(out), flush=True)
        return

    channel = grpc.insecure_channel(target)
    stub = rpc.ExternalScalerStub(channel)
    out = {
        "queue": poll(stub, ref(inferenceService="llama-chat", signal="queue_length", target="5")),
        "kv": poll(stub, ref(inferenceService="llama-chat", signal="kv_cache_utilization", target="0.7",
                             activationTarget="0.9")),
        "desired": poll(stub, ref(inferenceService="llama-chat")),
        "badKey": error(lambda: stub.GetMetricSpec(ref(inferenceService="llama-chat", targt="5"), timeout=5)),
        "notFound": error(lambda: stub.GetMetrics(
            pb.GetMetricsRequest(scaledObjectRef=ref(inferenceService="mistral"), metricName=""), timeout=5)),
        "unavailable": error(lambda: stub.IsActive(
            ref(inferenceService="llama-chat", signal="ttft_p95_seconds", target="1"), timeout=5)),
    }
    first, ended = first_then_cancel(stub.StreamIsActive(ref(inferenceService="llama-chat",
                                                              signal="queue_length", target="5")))
    out["streamIsActive"] = {"first": first.result, "ended": ended}
    first, ended = first_then_cancel(stub.StreamMetricSpec(ref(inferenceService="llama-chat",
                                                                signal="queue_length", target="5")))
    out["streamMetricSpec"] = {"first": spec_dict(first), "ended": ended}
    print(json.dumps(out), flush=True)
    # Keep the connection open until the test has seen the server drop both streams.
    sys.stdin.readline()
    channel.close()


main()
