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
                "db " + s.dbSize() + " B",
                r.health()));
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

  /** As etcdctl: the event type, the previous key and value if asked for, the key and value. */
  @Override
  public void watch(WatchBatch batch) {
    for (WatchEvent e : batch.events()) {
      out.println(e.type());
      e.prevKv().ifPresent(this::keyValue);
      keyValue(e.kv());
    }
    out.flush();
  }

  @Override
  public void leaseGranted(LeaseGrantResult result) {
    line("lease " + LeaseIds.format(result.id()) + " granted with TTL(" + result.ttl() + "s)");
  }

  @Override
  public void leaseRevoked(long id, long revision) {
    line("lease " + LeaseIds.format(id) + " revoked");
  }

  @Override
  public void leaseKeptAlive(long id, long ttl) {
    line("lease " + LeaseIds.format(id) + " keepalived with TTL(" + ttl + ")");
  }

  @Override
  public void leaseTtl(LeaseTimeToLive r, boolean withKeys) {
    String id = LeaseIds.format(r.id());
    if (!r.exists()) {
      line("lease " + id + " already expired");
      return;
    }
    StringBuilder sb =
        new StringBuilder("lease ")
            .append(id)
            .append(" granted with TTL(")
            .append(r.grantedTtl())
            .append("s), remaining(")
            .append(r.ttl())
            .append("s)");
    if (withKeys) {
      sb.append(", attached keys([");
      for (int i = 0; i < r.keys().size(); i++) {
        sb.append(i == 0 ? "" : " ").append(ByteText.display(r.keys().get(i), hex, false));
      }
      sb.append("])");
    }
    line(sb.toString());
  }

  @Override
  public void leases(LeaseList result) {
    out.println("found " + result.ids().size() + " leases");
    result.ids().forEach(id -> out.println(LeaseIds.format(id)));
    out.flush();
  }

  @Override
  public void compacted(long revision, CompactResult result) {
    line("compacted revision " + revision);
  }

  @Override
  public void locked(String name, Bytes key, long fencingToken) {
    line(
        "lock "
            + name
            + " held as "
            + ByteText.display(key, hex, false)
            + ", fencing token "
            + fencingToken);
  }

  /** As etcdctl: the leader's key, then its proposal. */
  @Override
  public void leader(String name, Bytes key, Bytes proposal) {
    out.println(ByteText.display(key, hex, false));
    out.println(ByteText.display(proposal, hex, true));
    out.flush();
  }

  private void keyValue(KeyValue kv) {
    out.println(key(kv));
    out.println(ByteText.display(kv.value(), hex, true));
  }

  private void line(String s) {
    out.println(s);
    out.flush();
  }

  private String key(KeyValue kv) {
    return ByteText.display(kv.key(), hex, false);
  }
}
