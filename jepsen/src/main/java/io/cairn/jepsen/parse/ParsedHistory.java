package io.cairn.jepsen.parse;

import io.cairn.jepsen.history.Op;
import java.util.List;

/**
 * A history read from a file, with the model its format implies.
 *
 * @param ops the events in file order
 * @param format the format it was read as
 * @param defaultModel the model name to use when the user names none
 */
public record ParsedHistory(List<Op> ops, HistoryFormat format, String defaultModel) {
  public ParsedHistory {
    ops = List.copyOf(ops);
  }
}
