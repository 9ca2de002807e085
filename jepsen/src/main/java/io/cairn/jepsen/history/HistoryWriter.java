package io.cairn.jepsen.history;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Appends ops to a JSON Lines history file. Thread-safe: many client threads record through one
 * writer, which assigns the dense index in the order ops arrive (that order is the history's
 * real-time order).
 */
public final class HistoryWriter implements AutoCloseable {
  private final BufferedWriter out;
  private int next;

  public HistoryWriter(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
  }

  /** Writes {@code op} with the next index and returns the indexed op. */
  public synchronized Op append(Op op) {
    Op indexed = op.withIndex(next);
    try {
      out.write(HistoryJson.toLine(indexed));
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    next++;
    return indexed;
  }

  /** Number of ops written so far. */
  public synchronized int size() {
    return next;
  }

  public synchronized void flush() throws IOException {
    out.flush();
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }
}
