package io.cairn.jepsen.history;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a JSON Lines history (docs/history-format.md). Blank lines are skipped. */
public final class HistoryReader {
  private HistoryReader() {}

  public static List<Op> read(Path file) throws IOException {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(r);
    }
  }

  /**
   * Reads every line of {@code reader}. A missing {@code index} is filled with the op's position.
   *
   * @throws IllegalArgumentException on a malformed line, naming its line number
   */
  public static List<Op> read(Reader reader) throws IOException {
    List<Op> ops = new ArrayList<>();
    BufferedReader br = new BufferedReader(reader);
    String line;
    int lineNo = 0;
    try {
      while ((line = br.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        ops.add(HistoryJson.fromLine(line, ops.size()));
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("line " + lineNo + ": " + e.getMessage(), e);
    }
    return ops;
  }
}
