package io.cairn.cli.output;

import io.cairn.client.DeleteResult;
import io.cairn.client.EndpointStatus;
import io.cairn.client.GetResult;
import io.cairn.client.KeyValue;
import io.cairn.client.Member;
import io.cairn.client.MemberList;
import io.cairn.client.PutResult;
import io.cairn.client.TxnResult;
import java.io.PrintWriter;
import java.util.List;

/** etcdctl's simple format: values and keys on their own lines, OK/SUCCESS/FAILURE words. */
final class SimplePrinter implements Printer {
  private final PrintWriter out;
  private final boolean hex;

  SimplePrinter(PrintWriter out, boolean hex) {
    this.out = out;
    this.hex = hex;
  }

  @Override
  public void get(GetResult result, boolean single, boolean keysOnly) {
    for (KeyValue kv : result.kvs()) {
      if (keysOnly) {
        out.println(key(kv));
      } else if (single) {
        out.println(ByteText.display(kv.value(), hex, true));
      } else {
        out.println(key(kv));
        out.println(ByteText.display(kv.value(), hex, true));
      }
    }
    out.flush();
  }

  @Override
  public void put(PutResult result) {
    out.println("OK");
    out.flush();
  }

  @Override
  public void delete(DeleteResult result) {
    out.println(result.deleted());
    out.flush();
  }

  @Override
  public void txn(TxnResult result) {
    out.println(result.succeeded() ? "SUCCESS" : "FAILURE");
    for (Object r : result.results()) {
      if (r instanceof GetResult g) {
        get(g, false, false);
      }
    }
    out.flush();
  }

  @Override
  public void status(List<EndpointReport> reports) {
    for (EndpointReport r : reports) {
      EndpointStatus s = r.status();
      if (s == null) {
        out.println(r.endpoint() + ", error: " + r.error());
      } else {
        out.println(
            String.join(
                ", ",
                r.endpoint(),
                s.header().memberId(),
                s.version(),
                s.role(),
                "term " + s.header().raftTerm(),
                "index " + s.raftIndex(),
                "applied " + s.raftAppliedIndex(),
                "revision " + s.header().revision(),
                "db " + s.dbSize() + " B"));
      }
    }
    out.flush();
  }

  @Override
  public void members(MemberList members) {
    for (Member m : members.members()) {
      out.println(String.join(", ", m.id(), m.role(), m.peerAddress(), m.clientAddress()));
    }
    out.flush();
  }

  private String key(KeyValue kv) {
    return ByteText.display(kv.key(), hex, false);
  }
}
