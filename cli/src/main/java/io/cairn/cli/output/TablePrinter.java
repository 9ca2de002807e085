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

/** Bordered tables; column names match etcdctl's where there is one. */
final class TablePrinter implements Printer {
  private final PrintWriter out;
  private final boolean hex;

  TablePrinter(PrintWriter out, boolean hex) {
    this.out = out;
    this.hex = hex;
  }

  @Override
  public void get(GetResult result, boolean single, boolean keysOnly) {
    TextTable t =
        keysOnly
            ? new TextTable("KEY", "CREATE REV", "MOD REV", "VERSION")
            : new TextTable("KEY", "VALUE", "CREATE REV", "MOD REV", "VERSION");
    for (KeyValue kv : result.kvs()) {
      String key = ByteText.display(kv.key(), hex, false);
      if (keysOnly) {
        t.row(key, kv.createRevision(), kv.modRevision(), kv.version());
      } else {
        t.row(
            key,
            ByteText.display(kv.value(), hex, false),
            kv.createRevision(),
            kv.modRevision(),
            kv.version());
      }
    }
    t.print(out);
    out.flush();
  }

  @Override
  public void put(PutResult result) {
    new TextTable("RESULT", "REVISION").row("OK", result.header().revision()).print(out);
    out.flush();
  }

  @Override
  public void delete(DeleteResult result) {
    new TextTable("DELETED", "REVISION")
        .row(result.deleted(), result.header().revision())
        .print(out);
    out.flush();
  }

  @Override
  public void txn(TxnResult result) {
    new TextTable("RESULT", "REVISION")
        .row(result.succeeded() ? "SUCCESS" : "FAILURE", result.header().revision())
        .print(out);
    for (Object r : result.results()) {
      if (r instanceof GetResult g && !g.kvs().isEmpty()) {
        get(g, false, false);
      }
    }
    out.flush();
  }

  @Override
  public void status(List<EndpointReport> reports) {
    TextTable t =
        new TextTable(
            "ENDPOINT",
            "ID",
            "VERSION",
            "DB SIZE",
            "IS LEADER",
            "RAFT TERM",
            "RAFT INDEX",
            "RAFT APPLIED INDEX",
            "REVISION",
            "ERRORS");
    for (EndpointReport r : reports) {
      EndpointStatus s = r.status();
      if (s == null) {
        t.row(r.endpoint(), "", "", "", "", "", "", "", "", r.error());
      } else {
        t.row(
            r.endpoint(),
            s.header().memberId(),
            s.version(),
            s.dbSize() + " B",
            "LEADER".equals(s.role()),
            s.header().raftTerm(),
            s.raftIndex(),
            s.raftAppliedIndex(),
            s.header().revision(),
            "");
      }
    }
    t.print(out);
    out.flush();
  }

  @Override
  public void members(MemberList members) {
    TextTable t = new TextTable("ID", "ROLE", "PEER ADDRS", "CLIENT ADDRS");
    for (Member m : members.members()) {
      t.row(m.id(), m.role(), m.peerAddress(), m.clientAddress());
    }
    t.print(out);
    out.flush();
  }
}
