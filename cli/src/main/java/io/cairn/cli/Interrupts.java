package io.cairn.cli;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C for commands that run until interrupted ({@code watch}, {@code lock}, {@code elect},
 * {@code lease keepalive}): such a command waits interruptibly inside {@link #hold()}; Ctrl-C
 * interrupts its thread so it can clean up (close the watch, unlock, resign) and return. In the
 * {@code cairn} process SIGINT arrives as a shutdown hook ({@link #onSigint()}); the interactive
 * shell interrupts the command's thread itself; a test interrupts the thread it ran the command on.
 */
public final class Interrupts {
  /** How long SIGINT waits for holders to clean up before the JVM exits anyway. */
  private static final long CLEANUP_MILLIS = 3_000;

  /** Threads waiting for Ctrl-C; true for those that also stop at the end of a shell's input. */
  private static final Map<Thread, Boolean> holders = new ConcurrentHashMap<>();

  /** Shell threads whose piped input has ended. */
  private static final Set<Thread> inputEnded = ConcurrentHashMap.newKeySet();

  private static final Object lock = new Object();

  private Interrupts() {}

  /** A registration of the current thread as one that Ctrl-C should interrupt. */
  public interface Hold extends AutoCloseable {
    @Override
    void close();
  }

  /** Registers the current thread until the returned hold is closed. */
  public static Hold hold() {
    return hold(false);
  }

  /**
   * Registers the current thread until the returned hold is closed. An {@code endless} command (one
   * that would never end by itself, like an unbounded watch) run by a piped shell is also
   * interrupted when the shell's input ends, so {@code (echo 'watch k'; sleep 5) | cairn shell}
   * watches for five seconds instead of for ever.
   */
  public static Hold hold(boolean endless) {
    Thread me = Thread.currentThread();
    synchronized (lock) {
      holders.put(me, endless);
      if (endless && inputEnded.contains(me)) {
        me.interrupt();
      }
    }
    return () -> {
      synchronized (lock) {
        holders.remove(me);
        lock.notifyAll();
      }
    };
  }

  /** The piped input of the shell running on {@code shell} ended: stop its endless command. */
  public static void inputEnded(Thread shell) {
    synchronized (lock) {
      inputEnded.add(shell);
      if (Boolean.TRUE.equals(holders.get(shell))) {
        shell.interrupt();
      }
    }
  }

  /** The shell on {@code shell} is done with its input. */
  public static void inputClosed(Thread shell) {
    synchronized (lock) {
      inputEnded.remove(shell);
    }
  }

  /**
   * Makes SIGINT interrupt every holding thread and wait (briefly) for them to finish cleaning up.
   * For the {@code cairn} process only: tests and embedders interrupt threads themselves.
   */
  public static void onSigint() {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  holders.keySet().forEach(Thread::interrupt);
                  long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLEANUP_MILLIS);
                  synchronized (lock) {
                    long left;
                    while (!holders.isEmpty() && (left = deadline - System.nanoTime()) > 0) {
                      try {
                        TimeUnit.NANOSECONDS.timedWait(lock, left);
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  }
                },
                "cairn-sigint"));
  }
}
