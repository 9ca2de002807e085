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
 *
 * <p>While its owner allows it (a leader nobody reads from), the processor may keep a group's txn
 * open after answering its entries, and the next groups join it until the deferral ends: one commit
 * and one fsync per few milliseconds instead of per entry, without delaying any answer. Markers,
 * {@link #hurry()} and the deferral's limits end it with a commit.
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

  /** Applies groups; called on the apply thread only. */
  interface Processor {
    /**
     * Applies one group; must complete (or fail) every reply of the group, now or at the commit
     * that ends the txn, and must not throw (a throw fails the group's open replies).
     *
     * @param keepOpen whether the group's txn may stay open for the next groups
     * @return whether it stayed open (then {@link #commit()} follows, maybe after more groups)
     */
    boolean apply(List<Pending> group, boolean keepOpen);

    /** Commits the open txn and completes what waited for it; a no-op when none is open. */
    void commit();
  }

  private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final Processor processor;
  private final long lingerNanos;
  private final BooleanSupplier mayLinger;
  private final long deferNanos;
  private final BooleanSupplier mayDefer;
  private final Thread thread;
  private volatile boolean closed;
  private volatile long submitted = -1;
  private volatile boolean lingering;
  private volatile boolean deferring;
  private volatile boolean urgent; // a marker is queued: its submitter is waiting

  /**
   * @param processor applies groups and commits them
   * @param lingerNanos how long to wait for more entries before applying (0: never)
   * @param mayLinger asked before and during each linger; false ends it
   * @param deferNanos how long a txn may stay open after it opened (0: never)
   * @param mayDefer asked after each group and during a deferral; false ends it
   */
  GroupApply(
      String name,
      Processor processor,
      long lingerNanos,
      BooleanSupplier mayLinger,
      long deferNanos,
      BooleanSupplier mayDefer) {
    this.processor = processor;
    this.lingerNanos = lingerNanos;
    this.mayLinger = mayLinger;
    this.deferNanos = deferNanos;
    this.mayDefer = mayDefer;
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
    if (deferring || lingering && (p.entry() == null || queue.size() >= LINGER_MAX_QUEUED)) {
      LockSupport.unpark(thread);
    }
  }

  /** Whether the thread is waiting for more entries right now (for tests). */
  boolean lingering() {
    return lingering;
  }

  /** Whether a txn is held open right now (for tests). */
  boolean deferring() {
    return deferring;
  }

  /**
   * Ends a linger or a deferral now; call after whatever makes {@code mayLinger} or {@code
   * mayDefer} answer false.
   */
  void hurry() {
    if (lingering || deferring) {
      LockSupport.unpark(thread);
    }
  }

  /** The index of the last entry or marker submitted (-1 before any). */
  long submitted() {
    return submitted;
  }

  private void run() {
    List<Pending> group = new ArrayList<>();
    boolean open = false;
    long openedAt = 0;
    while (!closed) {
      try {
        Pending next;
        if (open) {
          next = awaitWhileOpen(openedAt);
          if (next == null) {
            open = false;
            processor.commit();
            continue;
          }
        } else {
          next = queue.take();
          if (next.entry() != null && queue.isEmpty()) {
            linger();
          }
        }
        int commands = 0;
        boolean markers = false;
        while (next != null) {
          group.add(next);
          commands += next.commands();
          markers |= next.entry() == null;
          next = commands < MAX_GROUP_COMMANDS ? queue.poll() : null;
        }
        boolean keepOpen = !markers && deferNanos > 0 && mayDefer.getAsBoolean();
        boolean wasOpen = open;
        open = false; // if apply throws, it closed or committed what was open
        open = processor.apply(group, keepOpen);
        if (open && !wasOpen) {
          openedAt = System.nanoTime();
        }
      } catch (InterruptedException e) {
        if (!closed) {
          LOG.warn("{} interrupted; going on", thread.getName());
        }
      } catch (Throwable t) {
        LOG.error("{}: a group failed", thread.getName(), t);
        fail(group, t);
        commitQuietly();
      } finally {
        group.clear();
      }
    }
    if (open) {
      commitQuietly(); // what was answered reaches the store before the thread ends
    }
  }

  /**
   * Waits while a txn is open: the next entry or marker (a marker's group commits), or null once it
   * is time to commit (the deferral's time is up, or the owner wants applies prompt again).
   */
  private Pending awaitWhileOpen(long openedAt) {
    long until = openedAt + deferNanos;
    deferring = true; // before the poll: a submit after it sees the flag and unparks
    try {
      for (; ; ) {
        Pending p = queue.poll();
        if (p != null) {
          return p;
        }
        long left = until - System.nanoTime();
        if (left <= 0 || closed || !mayDefer.getAsBoolean()) {
          return null;
        }
        LockSupport.parkNanos(this, left);
      }
    } finally {
      deferring = false;
    }
  }

  private void commitQuietly() {
    try {
      processor.commit();
    } catch (Throwable t) {
      LOG.error("{}: a commit failed", thread.getName(), t);
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
