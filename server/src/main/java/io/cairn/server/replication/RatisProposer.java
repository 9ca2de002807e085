package io.cairn.server.replication;

import io.cairn.server.replication.RatisReplies.Phase;
import io.cairn.server.replication.ReplicationFailure.Kind;
import io.cairn.statemachine.Limits;
import io.cairn.statemachine.proto.Command;
import io.cairn.statemachine.proto.CommandResult;
import io.cairn.statemachine.proto.Entry;
import io.cairn.statemachine.proto.EntryResult;
import io.cairn.statemachine.ratis.RatisBytes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proposes write commands, batching concurrent ones into one Raft entry.
 *
 * <p>Callers queue commands; one proposer thread drains the queue into an {@link Entry} (commands
 * in arrival order, stamped with the leader's clock) whenever fewer than {@code maxEntriesInFlight}
 * entries are pending in Raft. While entries are in flight new commands pile up and go together
 * into the next entry: batching adapts to load with no added latency when idle. The i-th result of
 * the entry's {@link EntryResult} completes the i-th caller. Under light load (the last entry
 * carried one command, the proposer thread waits, nothing is queued or in flight) the caller
 * submits its command itself, which saves the proposer thread's wake-up on a single writer's path.
 *
 * <p>A command rejected before submission (not the leader, overloaded, closing) definitely did not
 * apply. Once submitted, any failure is indeterminate: the client retries with the same (session,
 * seq) and the state machine's session table applies it at most once.
 */
public final class RatisProposer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RatisProposer.class);

  /** Per-command framing inside an Entry (tag + length varint), rounded up. */
  private static final int COMMAND_OVERHEAD = 8;

  /** Entry framing (format, leader time). */
  private static final int ENTRY_OVERHEAD = 32;

  /** How often the proposer thread looks for entries past their deadline when otherwise idle. */
  private static final long SWEEP_MS = 100;

  private final RaftMember member;
  private final int maxCommandsPerEntry;
  private final int maxPending;
  private final Duration timeout;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final Semaphore inFlight;
  private final Thread thread;
  private final ClientId clientId = ClientId.randomId();
  private final AtomicLong callIds = new AtomicLong();
  private volatile boolean closed;

  /** The proposer thread waits for a command, having submitted everything it drained. */
  private volatile boolean waiting;

  /** Commands in the last entry submitted; 1 = light load. */
  private volatile int lastEntryCommands = 1;

  private final LongAdder entries = new LongAdder();
  private final LongAdder commands = new LongAdder();
  private final LongAdder callerEntries = new LongAdder();

  /** Entries submitted and not answered yet, with their deadlines (at most maxEntriesInFlight). */
  private final Set<Submitted> submitted = ConcurrentHashMap.newKeySet();

  private record Pending(Command command, CompletableFuture<CommandResult> future, int bytes) {}

  private record Submitted(CompletableFuture<RaftClientReply> reply, long deadlineNanos) {}

  public RatisProposer(
      RaftMember member,
      int maxEntriesInFlight,
      int maxCommandsPerEntry,
      int maxPending,
      Duration timeout) {
    this.member = member;
    this.maxCommandsPerEntry = maxCommandsPerEntry;
    this.maxPending = maxPending;
    this.timeout = timeout;
    this.inFlight = new Semaphore(maxEntriesInFlight);
    String id = member.memberId();
    this.thread = new Thread(this::run, "cairn-" + id + "-proposer");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /**
   * Queues a command, or under light load submits it on the caller's thread (which may then wait
   * briefly for Ratis's server lock). The future completes with the command's result, or with a
   * {@link ReplicationFailure}.
   */
  public CompletableFuture<CommandResult> propose(Command command) {
    CompletableFuture<CommandResult> future = new CompletableFuture<>();
    if (closed) {
      future.completeExceptionally(stopping());
      return future;
    }
    if (!member.isLeaderReady()) {
      future.completeExceptionally(member.notLeaderFailure());
      return future;
    }
    int pendingNow = queued.incrementAndGet();
    if (pendingNow > maxPending) {
      queued.decrementAndGet();
      future.completeExceptionally(
          new ReplicationFailure(
              Kind.OVERLOADED,
              "member " + member.memberId() + " has too many pending writes",
              null));
      return future;
    }
    Pending pending = new Pending(command, future, command.getSerializedSize() + COMMAND_OVERHEAD);
    // Light load: the caller submits, one thread wake-up less on a single writer's path (with two
    // other levers, put 1 +7%: docs/benchmarks.md). Under load the last entry carried several
    // commands, so commands queue and entries stay large: single-command entries slipping in cost
    // put 256 5-35% when this path ignored the last entry's size. Order: `queued` counts a command
    // until the proposer drained it (after taking a permit), and `waiting` is cleared before that,
    // so a caller that is alone in the count while the proposer waits overtakes nothing: writes
    // sent one after another on a connection still reach Raft in that order.
    if (pendingNow == 1 && waiting && lastEntryCommands == 1 && inFlight.tryAcquire()) {
      queued.decrementAndGet();
      callerEntries.increment();
      submit(List.of(pending));
      return future;
    }
    queue.add(pending);
    return future;
  }

  private void run() {
    try {
      while (!closed) {
        expireOverdue();
        waiting = true;
        Pending first = queue.poll(SWEEP_MS, TimeUnit.MILLISECONDS);
        waiting = false;
        if (first == null) {
          continue;
        }
        while (!inFlight.tryAcquire(SWEEP_MS, TimeUnit.MILLISECONDS)) {
          expireOverdue();
        }
        submit(drainAfter(first));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("[{}] proposer thread failed", member.memberId(), e);
    } finally {
      failQueued();
    }
  }

  private List<Pending> drainAfter(Pending first) {
    List<Pending> batch = new ArrayList<>();
    batch.add(first);
    long bytes = ENTRY_OVERHEAD + first.bytes();
    // Only this thread takes from the queue, so peek-then-poll is safe.
    for (Pending next = queue.peek();
        next != null
            && batch.size() < maxCommandsPerEntry
            && bytes + next.bytes() <= Limits.MAX_ENTRY_BYTES;
        next = queue.peek()) {
      batch.add(queue.poll());
      bytes += next.bytes();
    }
    queued.addAndGet(-batch.size());
    return batch;
  }

  private void submit(List<Pending> batch) {
    lastEntryCommands = batch.size();
    entries.increment();
    commands.add(batch.size());
    Entry.Builder entry =
        Entry.newBuilder().setFormat(1).setLeaderTimeMs(System.currentTimeMillis());
    for (Pending p : batch) {
      entry.addCommands(p.command());
    }
    RaftClientRequest request =
        RaftClientRequest.newBuilder()
            .setClientId(clientId)
            .setServerId(member.peerId())
            .setGroupId(member.groupId())
            .setCallId(callIds.incrementAndGet())
            .setMessage(RatisBytes.toMessage(entry.build()))
            .setType(RaftClientRequest.writeRequestType())
            .build();
    CompletableFuture<RaftClientReply> reply;
    try {
      reply = member.submit(request);
    } catch (Exception e) {
      // Refused synchronously: nothing was appended.
      inFlight.release();
      ReplicationFailure f = RatisReplies.classify(e, Phase.READ, member);
      batch.forEach(p -> p.future().completeExceptionally(f));
      return;
    }
    // Callers complete on the replying thread (the apply thread, before its commit): a hand-off
    // to a pool measured slower at every batch size (docs/benchmarks.md). The deadline is swept by
    // this thread: a timer per entry (orTimeout) woke the JDK's delay scheduler once per write.
    Submitted s = new Submitted(reply, System.nanoTime() + timeout.toNanos());
    submitted.add(s);
    reply.whenComplete(
        (r, t) -> {
          submitted.remove(s);
          inFlight.release();
          complete(batch, r, t);
        });
  }

  /** Fails the entries past their deadline: indeterminate, they may still commit. */
  private void expireOverdue() {
    long now = System.nanoTime();
    for (Submitted s : submitted) {
      if (now - s.deadlineNanos() > 0) {
        s.reply().completeExceptionally(new TimeoutException("no reply in " + timeout));
      }
    }
  }

  private void complete(List<Pending> batch, RaftClientReply reply, Throwable error) {
    ReplicationFailure failure =
        error != null
            ? RatisReplies.classify(error, Phase.WRITE, member)
            : RatisReplies.failureOf(reply, Phase.WRITE, member);
    if (failure == null) {
      try {
        EntryResult result = RatisReplies.parse(reply.getMessage(), EntryResult.parser(), member);
        if (result.getResultsCount() == batch.size()) {
          for (int i = 0; i < batch.size(); i++) {
            batch.get(i).future().complete(result.getResults(i));
          }
          return;
        }
        failure =
            new ReplicationFailure(
                Kind.INTERNAL,
                "internal error on member " + member.memberId(),
                null,
                new IllegalStateException(
                    result.getResultsCount() + " results for " + batch.size() + " commands"));
      } catch (RuntimeException e) {
        failure = RatisReplies.classify(e, Phase.WRITE, member);
      }
    }
    if (failure.kind() == Kind.INTERNAL) {
      LOG.error("[{}] write failed", member.memberId(), failure.getCause());
    } else {
      LOG.debug("[{}] write failed: {}", member.memberId(), failure.getMessage());
    }
    for (Pending p : batch) {
      p.future().completeExceptionally(failure);
    }
  }

  private void failQueued() {
    for (Pending p = queue.poll(); p != null; p = queue.poll()) {
      queued.decrementAndGet();
      p.future().completeExceptionally(stopping());
    }
  }

  private ReplicationFailure stopping() {
    return new ReplicationFailure(
        Kind.NOT_READY, "member " + member.memberId() + " is stopping", null);
  }

  /** Commands queued and not yet in a Raft entry (for metrics). */
  public int pendingCommands() {
    return queued.get();
  }

  /** Raft entries submitted since start (for metrics): commands / entries is the batching. */
  public long entriesSubmitted() {
    return entries.sum();
  }

  /** Commands in the entries submitted since start (for metrics). */
  public long commandsSubmitted() {
    return commands.sum();
  }

  /** Entries a caller submitted itself, under light load (for metrics). */
  public long entriesSubmittedByCallers() {
    return callerEntries.sum();
  }

  /** Stops accepting commands and fails the queued ones (definitely not applied). */
  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    failQueued();
    // Nobody sweeps any more: whatever Raft has not answered fails now, indeterminate.
    for (Submitted s : submitted) {
      s.reply().completeExceptionally(new AlreadyClosedException(member.memberId() + " closed"));
    }
  }
}
