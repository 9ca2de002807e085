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
import io.cairn.client.ResponseHeader;
import io.cairn.client.TxnResult;
import io.cairn.client.WatchBatch;
import io.cairn.client.WatchEvent;
import java.io.PrintWriter;
import java.util.List;

/**
 * One JSON object per command on one line. Field names are stable and documented in docs/cli.md:
 * bytes appear as {@code key}/{@code value} (UTF-8 text, or null when not valid UTF-8) plus {@code
 * key_base64}/{@code value_base64} (always, exact).
 */
final class JsonPrinter implements Printer {
  private final PrintWriter out;

  JsonPrinter(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void get(GetResult result, boolean single, boolean keysOnly) {
    emit(getJson(result, keysOnly));
  }

  @Override
  public void put(PutResult result) {
    emit(Json.obj().put("header", header(result.header())));
  }

  @Override
  public void delete(DeleteResult result) {
    emit(Json.obj().put("header", header(result.header())).put("deleted", result.deleted()));
  }

  @Override
  public void txn(TxnResult result) {
    List<Object> responses = Json.array();
    for (Object r : result.results()) {
      if (r instanceof GetResult g) {
        responses.add(Json.obj().put("get", getJson(g, false)));
      } else if (r instanceof PutResult p) {
        responses.add(Json.obj().put("put", Json.obj().put("header", header(p.header()))));
      } else if (r instanceof DeleteResult d) {
        responses.add(Json.obj().put("delete", Json.obj().put("deleted", d.deleted())));
      }
    }
    emit(
        Json.obj()
            .put("header", header(result.header()))
            .put("succeeded", result.succeeded())
            .put("responses", responses));
  }

  @Override
  public void status(List<EndpointReport> reports) {
    List<Object> list = Json.array();
    for (EndpointReport r : reports) {
      EndpointStatus s = r.status();
      Json.Obj o = Json.obj().put("endpoint", r.endpoint());
      if (s == null) {
        o.put("error", r.error()).put("health", r.health());
      } else {
        o.put("header", header(s.header()))
            .put("version", s.version())
            .put("role", s.role())
            .put("is_leader", "LEADER".equals(s.role()))
            .put("raft_index", s.raftIndex())
            .put("raft_applied_index", s.raftAppliedIndex())
            .put("db_size", s.dbSize())
            .put("leader_client_addr", s.leaderClientAddress())
            .put("health", r.health())
            .put("error", null);
      }
      list.add(o);
    }
    emit(Json.obj().put("endpoints", list));
  }

  @Override
  public void members(MemberList members) {
    List<Object> list = Json.array();
    for (Member m : members.members()) {
      list.add(
          Json.obj()
              .put("id", m.id())
              .put("role", m.role())
              .put("peer_addr", m.peerAddress())
              .put("client_addr", m.clientAddress()));
    }
    emit(Json.obj().put("header", header(members.header())).put("members", list));
  }

  private static Json.Obj getJson(GetResult result, boolean keysOnly) {
    List<Object> kvs = Json.array();
    for (KeyValue kv : result.kvs()) {
      Json.Obj o = Json.obj();
      bytes(o, "key", kv.key());
      if (!keysOnly) {
        bytes(o, "value", kv.value());
      }
      kvs.add(revisions(o, kv));
    }
    return Json.obj()
        .put("header", header(result.header()))
        .put("count", result.count())
        .put("more", result.more())
        .put("kvs", kvs);
  }

  /** One line per event (a revision's events share {@code revision}). */
  @Override
  public void watch(WatchBatch batch) {
    for (WatchEvent e : batch.events()) {
      Json.Obj o =
          Json.obj()
              .put("revision", batch.revision())
              .put("type", e.type().name())
              .put("kv", kv(e.kv()));
      e.prevKv().ifPresent(p -> o.put("prev_kv", kv(p)));
      out.println(o);
    }
    out.flush();
  }

  @Override
  public void leaseGranted(LeaseGrantResult result) {
    emit(
        lease(Json.obj().put("header", header(result.header())), result.id())
            .put("ttl", result.ttl()));
  }

  @Override
  public void leaseRevoked(long id, long revision) {
    emit(lease(Json.obj(), id).put("revision", revision));
  }

  @Override
  public void leaseKeptAlive(long id, long ttl) {
    emit(lease(Json.obj(), id).put("ttl", ttl));
  }

  @Override
  public void leaseTtl(LeaseTimeToLive r, boolean withKeys) {
    Json.Obj o =
        lease(Json.obj().put("header", header(r.header())), r.id())
            .put("ttl", r.ttl())
            .put("granted_ttl", r.grantedTtl());
    if (withKeys) {
      List<Object> keys = Json.array();
      for (Bytes k : r.keys()) {
        Json.Obj ko = Json.obj();
        bytes(ko, "key", k);
        keys.add(ko);
      }
      o.put("keys", keys);
    }
    emit(o);
  }

  @Override
  public void leases(LeaseList result) {
    List<Object> list = Json.array();
    for (long id : result.ids()) {
      list.add(lease(Json.obj(), id));
    }
    emit(Json.obj().put("header", header(result.header())).put("leases", list));
  }

  @Override
  public void compacted(long revision, CompactResult result) {
    emit(Json.obj().put("header", header(result.header())).put("compact_revision", revision));
  }

  @Override
  public void locked(String name, Bytes key, long fencingToken) {
    Json.Obj o = Json.obj().put("name", name);
    bytes(o, "key", key);
    emit(o.put("fencing_token", fencingToken));
  }

  @Override
  public void leader(String name, Bytes key, Bytes proposal) {
    Json.Obj o = Json.obj().put("name", name);
    bytes(o, "key", key);
    bytes(o, "value", proposal);
    emit(o);
  }

  /** The decimal id (a JSON number) and etcdctl's hex form. */
  private static Json.Obj lease(Json.Obj o, long id) {
    return o.put("id", id).put("id_hex", LeaseIds.format(id));
  }

  private static Json.Obj kv(KeyValue kv) {
    Json.Obj o = Json.obj();
    bytes(o, "key", kv.key());
    bytes(o, "value", kv.value());
    return revisions(o, kv);
  }

  private static Json.Obj revisions(Json.Obj o, KeyValue kv) {
    return o.put("create_revision", kv.createRevision())
        .put("mod_revision", kv.modRevision())
        .put("version", kv.version())
        .put("lease", kv.lease());
  }

  private static void bytes(Json.Obj o, String name, Bytes b) {
    o.put(name, ByteText.utf8(b).orElse(null)).put(name + "_base64", ByteText.base64(b));
  }

  static Json.Obj header(ResponseHeader h) {
    return Json.obj()
        .put("cluster_id", h.clusterId())
        .put("member_id", h.memberId())
        .put("revision", h.revision())
        .put("raft_term", h.raftTerm())
        .put("leader_id", h.leaderId());
  }

  private void emit(Json.Obj o) {
    out.println(o);
    out.flush();
  }
}
