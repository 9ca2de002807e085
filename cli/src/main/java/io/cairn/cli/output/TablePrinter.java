package io.cairn.cli.output;

import io.cairn.client.Bytes;
import io.cairn.client.CompactResult;
import io.cairn.client.DeleteResult;
import io.cairn.client.EndpointStatus;
import io.cairn.client.GetResult;
import io.cairn.client.KeyValue;
import io.cairn.client.LeaseGrantResult;
import io.cairn.client.LeaseList;
import io.cairn.client.LeaseTimeToLive;
import io.cairn.client.Member;
import io.cairn.client.MemberList;
import io.cairn.client.PutResult;
import io.cairn.client.TxnResult;
import io.cairn.client.WatchBatch;
import io.cairn.client.WatchEvent;
import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

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
            "ROLE",
            "IS LEADER",
            "RAFT TERM",
            "RAFT INDEX",
            "RAFT APPLIED INDEX",
            "REVISION",
            "HEALTH",
            "ERRORS");
    for (EndpointReport r : reports) {
      EndpointStatus s = r.status();
      if (s == null) {
        t.row(r.endpoint(), "", "", "", "", "", "", "", "", "", r.health(), r.error());
      } else {
        t.row(
            r.endpoint(),
            s.header().memberId(),
            s.version(),
            s.dbSize() + " B",
            s.role(),
            "LEADER".equals(s.role()),
            s.header().raftTerm(),
            s.raftIndex(),
            s.raftAppliedIndex(),
            s.header().revision(),
            r.health(),
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

  /** One table per revision. */
  @Override
  public void watch(WatchBatch batch) {
    TextTable t = new TextTable("TYPE", "KEY", "VALUE", "MOD REV", "PREV VALUE");
    for (WatchEvent e : batch.events()) {
      t.row(
          e.type(),
          text(e.kv().key()),
          e.type() == WatchEvent.Type.PUT ? text(e.kv().value()) : "",
          e.kv().modRevision(),
          e.prevKv().map(p -> text(p.value())).orElse(""));
    }
    print(t);
  }

  @Override
  public void leaseGranted(LeaseGrantResult result) {
    print(new TextTable("ID", "TTL").row(LeaseIds.format(result.id()), result.ttl()));
  }

  @Override
  public void leaseRevoked(long id, long revision) {
    print(new TextTable("ID", "REVOKED AT REV").row(LeaseIds.format(id), revision));
  }

  @Override
  public void leaseKeptAlive(long id, long ttl) {
    print(new TextTable("ID", "TTL").row(LeaseIds.format(id), ttl));
  }

  @Override
  public void leaseTtl(LeaseTimeToLive r, boolean withKeys) {
    TextTable t =
        withKeys
            ? new TextTable("ID", "TTL", "GRANTED TTL", "KEYS")
            : new TextTable("ID", "TTL", "GRANTED TTL");
    String keys = r.keys().stream().map(this::text).collect(Collectors.joining(" "));
    if (withKeys) {
      t.row(LeaseIds.format(r.id()), r.ttl(), r.grantedTtl(), keys);
    } else {
      t.row(LeaseIds.format(r.id()), r.ttl(), r.grantedTtl());
    }
    print(t);
  }

  @Override
  public void leases(LeaseList result) {
    TextTable t = new TextTable("ID");
    result.ids().forEach(id -> t.row(LeaseIds.format(id)));
    print(t);
  }

  @Override
  public void compacted(long revision, CompactResult result) {
    print(new TextTable("COMPACT REVISION", "REVISION").row(revision, result.header().revision()));
  }

  @Override
  public void locked(String name, Bytes key, long fencingToken) {
    print(new TextTable("NAME", "KEY", "FENCING TOKEN").row(name, text(key), fencingToken));
  }

  @Override
  public void leader(String name, Bytes key, Bytes proposal) {
    print(new TextTable("NAME", "LEADER KEY", "PROPOSAL").row(name, text(key), text(proposal)));
  }

  private String text(Bytes b) {
    return ByteText.display(b, hex, false);
  }

  private void print(TextTable t) {
    t.print(out);
    out.flush();
  }
}
