package io.cairn.statemachine.ratis;

import io.cairn.statemachine.proto.Entry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.ratis.protocol.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The apply thread: takes committed entries in log order from Ratis's updater thread and hands
 * whatever has queued up, in order, to one call of the group processor (one LMDB txn, one fsync for
 * the group). A full queue blocks the updater thread: backpressure, never unbounded memory.
 *
 * <p>While its owner allows it (a follower nobody reads from), the thread lingers after an entry
 * that found the queue empty so that the entries of the next few milliseconds share its group: one
 * LMDB commit and one fsync for many entries, and no wake-up per entry. Markers end a linger (their
 * submitter waits for them), and so does {@link #hurry()}.
 */
final class GroupApply implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GroupApply.class);

  /** Entries waiting before the updater thread blocks. */
  static final int QUEUE_CAPACITY = 1024;

  /** A group stops growing at this many commands: the first reply of a group waits for it all. */
  static final int MAX_GROUP_COMMANDS = 1024;

  /**
   * One committed log entry: a Cairn entry, or (entry null) a marker for a Raft entry the store
   * never sees (configuration, metadata) whose index must advance in order with the rest.
   */
  record Pending(long term, long index, Entry entry, CompletableFuture<Message> reply) {
    static Pending marker(long term, long index) {
      return new Pending(term, index, null, null);
    }

    int commands() {
      return entry == null ? 0 : entry.getCommandsCount();
    }
  }

  /** A linger ends once this many entries wait (well before the queue blocks the updater). */
  static final int LINGER_MAX_QUEUED = QUEUE_CAPACITY / 4;

  private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final Consumer<List<Pending>> processor;
  private final long lingerNanos;
  private final BooleanSupplier mayLinger;
  private final Thread thread;
  private volatile boolean closed;
  private volatile long submitted = -1;
  private volatile boolean lingering;
  private volatile boolean urgent; // a marker is queued: its submitter is waiting

  /**
   * @param processor applies one group; must complete (or fail) every reply of the group and must
   *     not throw (a throw fails the group's open replies and the thread goes on)
   * @param lingerNanos how long to wait for more entries (0: never)
   * @param mayLinger asked before and during each linger; false ends it
   */
  GroupApply(
      String name, Consumer<List<Pending>> processor, long lingerNanos, BooleanSupplier mayLinger) {
    this.processor = processor;
    this.lingerNanos = lingerNanos;
    this.mayLinger = mayLinger;
    this.thread = new Thread(this::run, name);
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Queues {@code p} after everything submitted before it; blocks while the queue is full. */
  void submit(Pending p) throws InterruptedException {
    if (closed) {
      throw new IllegalStateException(thread.getName() + " is closed");
    }
    queue.put(p);
    submitted = p.index();
    if (p.entry() == null) {
      urgent = true; // before reading lingering: the linger loop reads them the other way round
    }
    if (lingering && (p.entry() == null || queue.size() >= LINGER_MAX_QUEUED)) {
      LockSupport.unpark(thread);
    }
  }

  /** Whether the thread is waiting for more entries right now (for tests). */
  boolean lingering() {
    return lingering;
  }

  /** Ends a linger now; call after whatever makes {@code mayLinger} answer false. */
  void hurry() {
    if (lingering) {
      LockSupport.unpark(thread);
    }
  }

  /** The index of the last entry or marker submitted (-1 before any). */
  long submitted() {
    return submitted;
  }

  private void run() {
    List<Pending> group = new ArrayList<>();
    while (!closed) {
      try {
        Pending next = queue.take();
        if (next.entry() != null && queue.isEmpty()) {
          linger();
        }
        int commands = 0;
        while (next != null) {
          group.add(next);
          commands += next.commands();
          next = commands < MAX_GROUP_COMMANDS ? queue.poll() : null;
        }
        processor.accept(group);
      } catch (InterruptedException e) {
        if (!closed) {
          LOG.warn("{} interrupted; going on", thread.getName());
        }
      } catch (Throwable t) {
        LOG.error("{}: a group failed", thread.getName(), t);
        fail(group, t);
      } finally {
        group.clear();
      }
    }
  }

  private void linger() {
    if (lingerNanos <= 0 || !mayLinger.getAsBoolean()) {
      return;
    }
    long until = System.nanoTime() + lingerNanos;
    lingering = true;
    try {
      for (long left = lingerNanos;
          left > 0
              && !closed
              && !urgent
              && queue.size() < LINGER_MAX_QUEUED
              && mayLinger.getAsBoolean();
          left = until - System.nanoTime()) {
        LockSupport.parkNanos(this, left);
      }
    } finally {
      lingering = false;
      urgent = false; // every marker submitted so far is queued: the group drains it
    }
  }

  private static void fail(List<Pending> group, Throwable cause) {
    for (Pending p : group) {
      if (p.reply() != null) {
        p.reply().completeExceptionally(cause);
      }
    }
  }

  /** Stops the thread after its current group and fails whatever is still queued. */
  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<Pending> left = new ArrayList<>();
    queue.drainTo(left);
    fail(left, new IllegalStateException(thread.getName() + " closed"));
  }
}
