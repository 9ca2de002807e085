package io.cairn.cli.output;

import io.cairn.cli.option.OutputFormat;
import io.cairn.client.DeleteResult;
import io.cairn.client.GetResult;
import io.cairn.client.MemberList;
import io.cairn.client.PutResult;
import io.cairn.client.TxnResult;
import java.io.PrintWriter;
import java.util.List;

/** Writes command results to stdout in one {@link OutputFormat}. */
public interface Printer {

  /**
   * @param single the request named one key (no prefix or range): simple output is the value only
   * @param keysOnly values were not fetched
   */
  void get(GetResult result, boolean single, boolean keysOnly);

  void put(PutResult result);

  void delete(DeleteResult result);

  /** A txn; the get results of its branch are shown as key/value pairs. */
  void txn(TxnResult result);

  void status(List<EndpointReport> reports);

  void members(MemberList members);

  /** The printer for a format. */
  static Printer of(OutputFormat format, PrintWriter out, boolean hex) {
    return switch (format) {
      case json -> new JsonPrinter(out);
      case table -> new TablePrinter(out, hex);
      case simple -> new SimplePrinter(out, hex);
    };
  }
}
