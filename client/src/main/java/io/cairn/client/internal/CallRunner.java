package io.cairn.client.internal;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.cairn.client.CairnException;
import io.cairn.client.CairnIndeterminateException;
import io.cairn.client.CairnUnavailableException;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ClientStreamTracer;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retry loop: sends one call's attempts to the right endpoints until one answers, retrying can
 * no longer help, or the call's deadline passes. Never blocks: attempts complete on gRPC threads
 * and backoffs wait on the scheduler.
 */
public final class CallRunner {
  private static final Logger LOG = LoggerFactory.getLogger(CallRunner.class);

  /** One attempt: send the request on {@code channel}, to finish by {@code deadline}. */
  @FunctionalInterface
  public interface Rpc<T> {
    ListenableFuture<T> send(Channel channel, Deadline deadline);
  }

  private final String id;
  private final ChannelPool channels;
  private final LeaderTracker leader;
  private final RetryPolicy policy;
  private final ScheduledExecutorService scheduler;
  private final BooleanSupplier closed;
  private final Set<Call<?>> live = ConcurrentHashMap.newKeySet();

  /**
   * @param id the client's identity for log lines
   * @param closed whether the client was closed: pending calls then fail with reason CLOSED
   */
  public CallRunner(
      String id,
      ChannelPool channels,
      LeaderTracker leader,
      RetryPolicy policy,
      ScheduledExecutorService scheduler,
      BooleanSupplier closed) {
    this.id = id;
    this.channels = channels;
    this.leader = leader;
    this.policy = policy;
    this.scheduler = scheduler;
    this.closed = closed;
  }

  /**
   * Runs a call.
   *
   * <p>Attempts go to the leader guess, following NOT_LEADER hints and rotating through the known
   * endpoints on failure: writes need the leader, and reads are served by any member but the leader
   * answers linearizable reads without an extra round.
   *
   * @param method name for log lines
   * @param write whether the call changes state (decides the exception when time runs out)
   * @param endpoint if not null, every attempt goes to exactly this endpoint
   * @param timeout the call's deadline, across all attempts and backoffs
   */
  public <T> CompletableFuture<T> run(
      String method, boolean write, String endpoint, Duration timeout, Rpc<T> rpc) {
    Call<T> call = new Call<>(method, write, endpoint, System.nanoTime() + timeout.toNanos(), rpc);
    live.add(call);
    call.result.whenComplete((r, e) -> live.remove(call));
    call.attempt();
    return call.result;
  }

  /**
   * Fails the calls waiting out a backoff with reason CLOSED. Call after the scheduler and the
   * channels are shut down (attempts in flight then fail by themselves).
   */
  public void failWaiting() {
    for (Call<?> call : live) {
      if (call.waiting) {
        call.giveUp("CLOSED", "the client was closed");
      }
    }
  }

  private final class Call<T> {
    final CompletableFuture<T> result = new CompletableFuture<>();
    final String method;
    final boolean write;
    final String fixed;
    final long deadline;
    final long start = System.nanoTime();
    final Rpc<T> rpc;
    int attempts;
    int backoffs;
    int redirectsInARow;
    // Read by failWaiting() on the closing thread.
    volatile boolean maybeApplied;
    volatile boolean waiting;
    volatile CairnException last;

    Call(String method, boolean write, String fixed, long deadline, Rpc<T> rpc) {
      this.method = method;
      this.write = write;
      this.fixed = fixed;
      this.deadline = deadline;
      this.rpc = rpc;
    }

    void attempt() {
      waiting = false;
      if (result.isDone()) {
        return;
      }
      if (closed.getAsBoolean()) {
        giveUp("CLOSED", "the client was closed");
        return;
      }
      long remaining = deadline - System.nanoTime();
      // A retry woken too late to finish could only turn a known failure into an unknown one.
      if (remaining <= 0 || (attempts > 0 && remaining < RetryPolicy.MIN_RETRY_NANOS)) {
        giveUp(null, "the call's deadline passed");
        return;
      }
      String endpoint = fixed != null ? fixed : leader.current();
      attempts++;
      SendTracker sent = new SendTracker();
      ListenableFuture<T> future;
      try {
        Channel channel = ClientInterceptors.intercept(channels.get(endpoint), sent);
        future =
            rpc.send(channel, Deadline.after(policy.attemptNanos(remaining), TimeUnit.NANOSECONDS));
      } catch (RuntimeException e) {
        // No channel (closed client, unusable address): nothing was sent.
        failed(
            endpoint,
            Status.UNAVAILABLE.withCause(e).withDescription(e.getMessage()).asRuntimeException(),
            false);
        return;
      }
      Futures.addCallback(
          future,
          new FutureCallback<T>() {
            @Override
            public void onSuccess(T value) {
              if (write && fixed == null) {
                leader.confirm(endpoint);
              }
              result.complete(value);
            }

            @Override
            public void onFailure(Throwable t) {
              failed(endpoint, t, sent.sent.get());
            }
          },
          MoreExecutors.directExecutor());
    }

    void failed(String endpoint, Throwable t, boolean sent) {
      StatusDecoder.Failure failure = StatusDecoder.decode(t, sent);
      last = failure.exception();
      if (closed.getAsBoolean()) {
        // Closing cancels attempts in flight: report CLOSED, not the cancellation.
        maybeApplied |= sent;
        giveUp("CLOSED", "the client was closed");
        return;
      }
      LOG.debug(
          "client {}: {} attempt {} at {} failed: {} -> {}",
          id,
          method,
          attempts,
          endpoint,
          last.getMessage(),
          failure.action());
      switch (failure.action()) {
        case FAIL -> result.completeExceptionally(last);
        case REDIRECT -> {
          boolean elsewhere = fixed == null && leader.redirect(endpoint, failure.leaderAddress());
          if (elsewhere && ++redirectsInARow <= RetryPolicy.MAX_REDIRECTS_IN_A_ROW) {
            attempt();
          } else {
            backOff();
          }
        }
        case RETRY -> {
          leader.failed(endpoint);
          backOff();
        }
        case RETRY_MAYBE_APPLIED -> {
          maybeApplied = true;
          leader.failed(endpoint);
          backOff();
        }
      }
    }

    void backOff() {
      redirectsInARow = 0;
      long delay = policy.backoffNanos(++backoffs);
      if (System.nanoTime() + delay + RetryPolicy.MIN_RETRY_NANOS >= deadline) {
        giveUp(null, "the call's deadline passed");
        return;
      }
      try {
        waiting = true;
        scheduler.schedule(this::attempt, delay, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        giveUp("CLOSED", "the client was closed");
      }
    }

    /** Out of time (or closed): the exception says whether any attempt may have applied. */
    void giveUp(String reason, String why) {
      String message =
          String.format(
              "%s gave up after %d attempt(s) in %d ms: %s%s",
              method,
              attempts,
              TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
              why,
              last == null ? "" : "; last error: " + last.getMessage());
      CairnException e;
      if (write && maybeApplied) {
        e = new CairnIndeterminateException(reason != null ? reason : "TIMEOUT", message, last);
      } else {
        String r = reason != null ? reason : last != null ? last.reason() : "TIMEOUT";
        e = new CairnUnavailableException(r, message, last);
      }
      result.completeExceptionally(e);
    }
  }

  /** Notes whether an attempt's request message was handed to a live transport stream. */
  private static final class SendTracker extends ClientStreamTracer.Factory
      implements ClientInterceptor {
    final AtomicBoolean sent = new AtomicBoolean();

    @Override
    public ClientStreamTracer newClientStreamTracer(
        ClientStreamTracer.StreamInfo info, Metadata headers) {
      return new ClientStreamTracer() {
        @Override
        public void outboundMessage(int seqNo) {
          sent.set(true);
        }
      };
    }

    @Override
    public <Q, A> ClientCall<Q, A> interceptCall(
        MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
      return next.newCall(method, options.withStreamTracerFactory(this));
    }
  }
}
