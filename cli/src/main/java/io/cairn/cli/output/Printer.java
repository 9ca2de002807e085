package io.cairn.cli.output;

import io.cairn.cli.option.OutputFormat;
import io.cairn.client.Bytes;
import io.cairn.client.CompactResult;
import io.cairn.client.DeleteResult;
import io.cairn.client.GetResult;
import io.cairn.client.LeaseGrantResult;
import io.cairn.client.LeaseList;
import io.cairn.client.LeaseTimeToLive;
import io.cairn.client.MemberList;
import io.cairn.client.PutResult;
import io.cairn.client.TxnResult;
import io.cairn.client.WatchBatch;
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

  /** The events of one revision, as a watch delivers them. */
  void watch(WatchBatch batch);

  void leaseGranted(LeaseGrantResult result);

  void leaseRevoked(long id, long revision);

  /** One keep-alive answer: the lease lives {@code ttl} more seconds. */
  void leaseKeptAlive(long id, long ttl);

  /** A lease's remaining TTL; a missing lease has ttl -1. */
  void leaseTtl(LeaseTimeToLive result, boolean withKeys);

  void leases(LeaseList result);

  void compacted(long revision, CompactResult result);

  /** A lock was acquired: its key and fencing token (the key's create revision). */
  void locked(String name, Bytes key, long fencingToken);

  /** An election's leader: the leader's key and proposal. */
  void leader(String name, Bytes key, Bytes proposal);

  /** The printer for a format. */
  static Printer of(OutputFormat format, PrintWriter out, boolean hex) {
    return switch (format) {
      case json -> new JsonPrinter(out);
      case table -> new TablePrinter(out, hex);
      case simple -> new SimplePrinter(out, hex);
    };
  }
}
