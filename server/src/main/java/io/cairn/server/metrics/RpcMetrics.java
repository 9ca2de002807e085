package io.cairn.server.metrics;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts every gRPC call by method and status code and times it from arrival to close; streaming
 * calls (Watch, LeaseKeepAlive, Snapshot) are also counted while open. Cancelled calls count as
 * CANCELLED.
 */
public final class RpcMetrics implements ServerInterceptor {
  private record Key(String method, String code) {}

  private final Map<Key, LongAdder> calls = new ConcurrentHashMap<>();
  private final Map<String, Histogram> latency = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> open = new ConcurrentHashMap<>();

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String method = call.getMethodDescriptor().getFullMethodName();
    boolean streaming = call.getMethodDescriptor().getType() != MethodDescriptor.MethodType.UNARY;
    long started = System.nanoTime();
    AtomicBoolean done = new AtomicBoolean();
    LongAdder openCount = streaming ? open.computeIfAbsent(method, m -> new LongAdder()) : null;
    if (openCount != null) {
      openCount.increment();
    }
    class Recorder {
      void record(Status.Code code) {
        if (!done.compareAndSet(false, true)) {
          return;
        }
        if (openCount != null) {
          openCount.decrement();
        }
        calls.computeIfAbsent(new Key(method, code.name()), k -> new LongAdder()).increment();
        latency
            .computeIfAbsent(method, m -> Histogram.latency())
            .observeNanos(System.nanoTime() - started);
      }
    }
    Recorder recorder = new Recorder();
    ServerCall<Q, R> counted =
        new SimpleForwardingServerCall<>(call) {
          @Override
          public void close(Status status, Metadata trailers) {
            recorder.record(status.getCode());
            super.close(status, trailers);
          }
        };
    ServerCall.Listener<Q> listener = next.startCall(counted, headers);
    return new SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onCancel() {
        recorder.record(Status.Code.CANCELLED);
        super.onCancel();
      }
    };
  }

  /** Streams currently open for {@code fullMethodName} (0 if none ever opened). */
  public long openStreams(String fullMethodName) {
    LongAdder n = open.get(fullMethodName);
    return n == null ? 0 : n.sum();
  }

  void write(MetricsText out) {
    out.family(
        "cairn_grpc_requests_total",
        "counter",
        "gRPC calls finished, by full method name and status code.");
    Map<Key, LongAdder> sortedCalls =
        new TreeMap<>(
            (a, b) ->
                a.method().equals(b.method())
                    ? a.code().compareTo(b.code())
                    : a.method().compareTo(b.method()));
    sortedCalls.putAll(calls);
    sortedCalls.forEach(
        (k, n) ->
            out.sample(
                "cairn_grpc_requests_total",
                MetricsText.label("method", k.method()) + "," + MetricsText.label("code", k.code()),
                n.sum()));
    out.family(
        "cairn_grpc_request_duration_seconds",
        "histogram",
        "gRPC call latency from arrival to close (streams: their whole life), by method.");
    new TreeMap<>(latency)
        .forEach(
            (m, h) ->
                h.write(
                    out, "cairn_grpc_request_duration_seconds", MetricsText.label("method", m)));
    out.family("cairn_grpc_streams_open", "gauge", "Streaming gRPC calls open now, by method.");
    new TreeMap<>(open)
        .forEach(
            (m, n) ->
                out.sample("cairn_grpc_streams_open", MetricsText.label("method", m), n.sum()));
  }
}
