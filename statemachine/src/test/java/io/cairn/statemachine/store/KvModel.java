package io.cairn.statemachine.store;

import com.google.protobuf.ByteString;
import io.cairn.statemachine.apply.Failures;
import io.cairn.statemachine.proto.Command;
import io.cairn.statemachine.proto.CommandResult;
import io.cairn.statemachine.proto.CompactResult;
import io.cairn.statemachine.proto.Compare;
import io.cairn.statemachine.proto.DeleteRange;
import io.cairn.statemachine.proto.DeleteRangeResult;
import io.cairn.statemachine.proto.Event;
import io.cairn.statemachine.proto.Failure;
import io.cairn.statemachine.proto.KeyValue;
import io.cairn.statemachine.proto.LeaseGrantResult;
import io.cairn.statemachine.proto.LeaseInfoResult;
import io.cairn.statemachine.proto.LeaseRevokeResult;
import io.cairn.statemachine.proto.Op;
import io.cairn.statemachine.proto.OpResult;
import io.cairn.statemachine.proto.Put;
import io.cairn.statemachine.proto.PutResult;
import io.cairn.statemachine.proto.QueryResult;
import io.cairn.statemachine.proto.Range;
import io.cairn.statemachine.proto.RangeResult;
import io.cairn.statemachine.proto.TxnResult;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * An in-memory reference for etcd semantics: a sorted map, a revision counter, a full copy of the
 * map after every revision (history), every event ever, leases and the compacted revision.
 */
final class KvModel {
  private static final ByteString ZERO = ByteString.copyFrom(new byte[] {0});

  TreeMap<ByteString, KeyValue> map = newMap();
  long revision;
  long compacted;
  long nextLeaseId = 1;
  final TreeMap<Long, Long> leases = new TreeMap<>(Long::compareUnsigned);

  /** history.get(r) = the map right after revision r. */
  final List<TreeMap<ByteString, KeyValue>> history = new ArrayList<>(List.of(newMap()));

  final List<Event> events = new ArrayList<>();

  private static TreeMap<ByteString, KeyValue> newMap() {
    return new TreeMap<>(ByteString.unsignedLexicographicalComparator());
  }

  CommandResult apply(Command c) {
    long before = revision;
    CommandResult r = run(c);
    if (revision != before) {
      history.add(new TreeMap<>(map));
    }
    return r;
  }

  private CommandResult run(Command c) {
    CommandResult.Builder r = CommandResult.newBuilder();
    switch (c.getOpCase()) {
      case PUT -> {
        Failure f = leaseCheck(c.getPut());
        if (f != null) {
          return r.setRevision(revision).setFailure(f).build();
        }
        revision++;
        r.setPut(put(c.getPut(), revision));
      }
      case DELETE_RANGE -> {
        DeleteRangeResult d = delete(c.getDeleteRange(), revision + 1);
        if (d.getDeleted() > 0) {
          revision++;
        }
        r.setDeleteRange(d);
      }
      case TXN -> {
        boolean ok = true;
        for (Compare cmp : c.getTxn().getCompareList()) {
          ok &= holds(cmp);
        }
        List<Op> ops = ok ? c.getTxn().getSuccessList() : c.getTxn().getFailureList();
        for (Op op : ops) {
          Failure f =
              op.hasRange()
                  ? Failures.readAt(op.getRange().getRevision(), revision, compacted)
                  : op.hasPut() ? leaseCheck(op.getPut()) : null;
          if (f != null) {
            return r.setRevision(revision).setFailure(f).build();
          }
        }
        long txnRev = revision + 1;
        boolean wrote = false;
        TxnResult.Builder t = TxnResult.newBuilder().setSucceeded(ok);
        for (Op op : ops) {
          if (op.hasPut()) {
            t.addResults(OpResult.newBuilder().setPut(put(op.getPut(), txnRev)));
            wrote = true;
          } else if (op.hasDeleteRange()) {
            DeleteRangeResult d = delete(op.getDeleteRange(), txnRev);
            wrote |= d.getDeleted() > 0;
            t.addResults(OpResult.newBuilder().setDeleteRange(d));
          } else {
            long at = op.getRange().getRevision();
            t.addResults(
                OpResult.newBuilder()
                    .setRange(range(op.getRange(), at > 0 ? history.get((int) at) : map)));
          }
        }
        if (wrote) {
          revision = txnRev;
        }
        r.setTxn(t);
      }
      case LEASE_GRANT -> {
        long id = c.getLeaseGrant().getId();
        if (id == 0) {
          id = nextLeaseId;
          while (id == 0 || leases.containsKey(id)) {
            id++;
          }
          nextLeaseId = id + 1;
        } else if (leases.containsKey(id)) {
          return r.setRevision(revision).setFailure(Failures.leaseExists(id)).build();
        }
        leases.put(id, c.getLeaseGrant().getTtlSeconds());
        r.setLeaseGrant(
            LeaseGrantResult.newBuilder()
                .setId(id)
                .setTtlSeconds(c.getLeaseGrant().getTtlSeconds()));
      }
      case LEASE_REVOKE -> {
        long id = c.getLeaseRevoke().getId();
        if (!leases.containsKey(id)) {
          return r.setRevision(revision).setFailure(Failures.leaseNotFound(id)).build();
        }
        List<KeyValue> attached = map.values().stream().filter(kv -> kv.getLease() == id).toList();
        for (KeyValue kv : attached) {
          remove(kv, revision + 1);
        }
        if (!attached.isEmpty()) {
          revision++;
        }
        leases.remove(id);
        r.setLeaseRevoke(LeaseRevokeResult.newBuilder().setDeleted(attached.size()));
      }
      case COMPACT -> {
        long target = c.getCompact().getRevision();
        Failure f = Failures.readAt(target, revision, compacted);
        if (f == null && target <= compacted) {
          f = Failures.compacted(target, compacted);
        }
        if (f != null) {
          return r.setRevision(revision).setFailure(f).build();
        }
        compacted = target;
        r.setCompact(CompactResult.newBuilder().setCompactRevision(target));
      }
      default -> {}
    }
    return r.setRevision(revision).build();
  }

  /** What a Range query (with its revision) answers. */
  QueryResult query(Range q) {
    QueryResult.Builder out =
        QueryResult.newBuilder().setRevision(revision).setCompactRevision(compacted);
    Failure f = Failures.readAt(q.getRevision(), revision, compacted);
    if (f != null) {
      return out.setFailure(f).build();
    }
    return out.setRange(range(q, q.getRevision() > 0 ? history.get((int) q.getRevision()) : map))
        .build();
  }

  /** Every event with revision at least {@code from}. */
  List<Event> eventsFrom(long from) {
    return events.stream().filter(e -> e.getKv().getModRevision() >= from).toList();
  }

  List<LeaseInfoResult> leaseList() {
    return leases.entrySet().stream()
        .map(
            e ->
                LeaseInfoResult.newBuilder()
                    .setFound(true)
                    .setId(e.getKey())
                    .setTtlSeconds(e.getValue())
                    .build())
        .toList();
  }

  RangeResult range(Range q) {
    return range(q, map);
  }

  private static RangeResult range(Range q, TreeMap<ByteString, KeyValue> source) {
    List<KeyValue> hits = new ArrayList<>(span(source, q.getKey(), q.getRangeEnd()).values());
    RangeResult.Builder r = RangeResult.newBuilder().setCount(hits.size());
    if (!q.getCountOnly()) {
      long limit = q.getLimit() > 0 ? q.getLimit() : Long.MAX_VALUE;
      hits.stream()
          .limit(limit)
          .map(kv -> q.getKeysOnly() ? kv.toBuilder().setValue(ByteString.EMPTY).build() : kv)
          .forEach(r::addKvs);
      r.setMore(hits.size() > limit);
    }
    return r.build();
  }

  private Failure leaseCheck(Put p) {
    return p.getLease() == 0 || leases.containsKey(p.getLease())
        ? null
        : Failures.leaseNotFound(p.getLease());
  }

  private PutResult put(Put p, long rev) {
    KeyValue old = map.get(p.getKey());
    KeyValue kv =
        KeyValue.newBuilder()
            .setKey(p.getKey())
            .setValue(p.getValue())
            .setCreateRevision(old == null ? rev : old.getCreateRevision())
            .setModRevision(rev)
            .setVersion(old == null ? 1 : old.getVersion() + 1)
            .setLease(p.getLease())
            .build();
    map.put(p.getKey(), kv);
    Event.Builder e = Event.newBuilder().setType(Event.Type.PUT).setKv(kv);
    if (old != null) {
      e.setPrevKv(old);
    }
    events.add(e.build());
    return p.getPrevKv() && old != null
        ? PutResult.newBuilder().setPrevKv(old).build()
        : PutResult.getDefaultInstance();
  }

  private DeleteRangeResult delete(DeleteRange d, long rev) {
    List<KeyValue> hits = new ArrayList<>(span(map, d.getKey(), d.getRangeEnd()).values());
    DeleteRangeResult.Builder r = DeleteRangeResult.newBuilder().setDeleted(hits.size());
    if (d.getPrevKvs()) {
      r.addAllPrevKvs(hits);
    }
    for (KeyValue kv : hits) {
      remove(kv, rev);
    }
    return r.build();
  }

  private void remove(KeyValue kv, long rev) {
    map.remove(kv.getKey());
    events.add(
        Event.newBuilder()
            .setType(Event.Type.DELETE)
            .setKv(KeyValue.newBuilder().setKey(kv.getKey()).setModRevision(rev))
            .setPrevKv(kv)
            .build());
  }

  private boolean holds(Compare c) {
    KeyValue kv = map.get(c.getKey());
    if (c.getTarget() == Compare.Target.VALUE && kv == null) {
      return false;
    }
    int cmp =
        switch (c.getTarget()) {
          case VALUE ->
              ByteString.unsignedLexicographicalComparator().compare(kv.getValue(), c.getValue());
          case VERSION -> Long.compare(kv == null ? 0 : kv.getVersion(), c.getNumber());
          case CREATE -> Long.compare(kv == null ? 0 : kv.getCreateRevision(), c.getNumber());
          case MOD -> Long.compare(kv == null ? 0 : kv.getModRevision(), c.getNumber());
          default -> throw new AssertionError(c);
        };
    return switch (c.getResult()) {
      case EQUAL -> cmp == 0;
      case NOT_EQUAL -> cmp != 0;
      case GREATER -> cmp > 0;
      case LESS -> cmp < 0;
      default -> throw new AssertionError(c);
    };
  }

  private static NavigableMap<ByteString, KeyValue> span(
      TreeMap<ByteString, KeyValue> source, ByteString key, ByteString end) {
    if (end.isEmpty()) {
      return source.subMap(key, true, key, true);
    }
    if (end.equals(ZERO)) {
      return source.tailMap(key, true);
    }
    if (ByteString.unsignedLexicographicalComparator().compare(key, end) >= 0) {
      return newMap();
    }
    return source.subMap(key, true, end, false);
  }
}
