package io.cairn.jepsen.client;

import io.cairn.client.CairnIndeterminateException;
import io.cairn.client.CairnRejectedException;
import io.cairn.client.CairnUnavailableException;
import io.cairn.jepsen.history.Op;
import io.cairn.jepsen.workload.Outcome;
import io.cairn.jepsen.workload.Request;
import io.cairn.jepsen.workload.Workload;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * One logical client: performs the workload's requests until told to stop, recording each. After an
 * {@code info} it takes a fresh process number (its old one might still have an op in flight).
 */
public final class Worker implements Runnable {
  private final int worker;
  private final Workload workload;
  private final ClusterClients clients;
  private final Recorder recorder;
  private final Pacer pacer;
  private final AtomicInteger processes;
  private final BooleanSupplier stop;
  private final Random random;
  private int process;

  public Worker(
      int worker,
      Workload workload,
      ClusterClients clients,
      Recorder recorder,
      Pacer pacer,
      AtomicInteger processes,
      BooleanSupplier stop,
      long seed) {
    this.worker = worker;
    this.workload = workload;
    this.clients = clients;
    this.recorder = recorder;
    this.pacer = pacer;
    this.processes = processes;
    this.stop = stop;
    this.random = new Random(seed);
    this.process = worker;
  }

  @Override
  public void run() {
    while (!stop.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
      pacer.acquire();
      if (stop.getAsBoolean()) {
        return;
      }
      perform(workload.next(random, worker));
    }
  }

  /** Performs and records one request; returns its completion. */
  public Op perform(Request request) {
    Op invoke = recorder.invoke(process, request.f(), request.key(), request.value());
    Op done;
    try {
      Outcome o = workload.apply(clients, worker, request);
      done =
          recorder.complete(
              invoke,
              o.ok() ? Op.Type.OK : Op.Type.FAIL,
              o.value(),
              o.error(),
              o.node(),
              o.revision());
    } catch (CairnUnavailableException | CairnRejectedException definite) {
      done =
          recorder.complete(
              invoke, Op.Type.FAIL, request.value(), errorOf(definite.reason()), null, null);
    } catch (CairnIndeterminateException maybe) {
      done =
          recorder.complete(
              invoke, Op.Type.INFO, request.value(), errorOf(maybe.reason()), null, null);
    } catch (RuntimeException unexpected) {
      done =
          recorder.complete(
              invoke,
              Op.Type.INFO,
              request.value(),
              "unexpected: " + unexpected.getClass().getSimpleName(),
              null,
              null);
    }
    if (done.type() == Op.Type.INFO) {
      process = processes.getAndIncrement();
    }
    return done;
  }

  private static String errorOf(String reason) {
    return reason == null ? "unknown" : reason.toLowerCase(java.util.Locale.ROOT);
  }
}
