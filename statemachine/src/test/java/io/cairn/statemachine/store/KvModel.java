package io.cairn.statemachine.store;

import com.google.protobuf.ByteString;
import io.cairn.statemachine.proto.Command;
import io.cairn.statemachine.proto.CommandResult;
import io.cairn.statemachine.proto.Compare;
import io.cairn.statemachine.proto.DeleteRange;
import io.cairn.statemachine.proto.DeleteRangeResult;
import io.cairn.statemachine.proto.KeyValue;
import io.cairn.statemachine.proto.Op;
import io.cairn.statemachine.proto.OpResult;
import io.cairn.statemachine.proto.Put;
import io.cairn.statemachine.proto.PutResult;
import io.cairn.statemachine.proto.Range;
import io.cairn.statemachine.proto.RangeResult;
import io.cairn.statemachine.proto.TxnResult;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/** An in-memory reference for etcd semantics: a sorted map plus a revision counter. */
final class KvModel {
  private static final ByteString ZERO = ByteString.copyFrom(new byte[] {0});

  final TreeMap<ByteString, KeyValue> map =
      new TreeMap<>(ByteString.unsignedLexicographicalComparator());
  long revision;

  CommandResult apply(Command c) {
    CommandResult.Builder r = CommandResult.newBuilder();
    switch (c.getOpCase()) {
      case PUT -> {
        revision++;
        r.setPut(put(c.getPut(), revision));
      }
      case DELETE_RANGE -> {
        DeleteRangeResult d = delete(c.getDeleteRange());
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
        long txnRev = revision + 1;
        boolean wrote = false;
        TxnResult.Builder t = TxnResult.newBuilder().setSucceeded(ok);
        for (Op op : ok ? c.getTxn().getSuccessList() : c.getTxn().getFailureList()) {
          if (op.hasPut()) {
            t.addResults(OpResult.newBuilder().setPut(put(op.getPut(), txnRev)));
            wrote = true;
          } else if (op.hasDeleteRange()) {
            DeleteRangeResult d = delete(op.getDeleteRange());
            wrote |= d.getDeleted() > 0;
            t.addResults(OpResult.newBuilder().setDeleteRange(d));
          } else {
            t.addResults(OpResult.newBuilder().setRange(range(op.getRange())));
          }
        }
        if (wrote) {
          revision = txnRev;
        }
        r.setTxn(t);
      }
      default -> {}
    }
    return r.setRevision(revision).build();
  }

  RangeResult range(Range q) {
    List<KeyValue> hits = new ArrayList<>(span(q.getKey(), q.getRangeEnd()).values());
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

  private PutResult put(Put p, long rev) {
    KeyValue old = map.get(p.getKey());
    map.put(
        p.getKey(),
        KeyValue.newBuilder()
            .setKey(p.getKey())
            .setValue(p.getValue())
            .setCreateRevision(old == null ? rev : old.getCreateRevision())
            .setModRevision(rev)
            .setVersion(old == null ? 1 : old.getVersion() + 1)
            .build());
    return p.getPrevKv() && old != null
        ? PutResult.newBuilder().setPrevKv(old).build()
        : PutResult.getDefaultInstance();
  }

  private DeleteRangeResult delete(DeleteRange d) {
    NavigableMap<ByteString, KeyValue> hits = span(d.getKey(), d.getRangeEnd());
    DeleteRangeResult.Builder r = DeleteRangeResult.newBuilder().setDeleted(hits.size());
    if (d.getPrevKvs()) {
      r.addAllPrevKvs(hits.values());
    }
    hits.clear();
    return r.build();
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

  private NavigableMap<ByteString, KeyValue> span(ByteString key, ByteString end) {
    if (end.isEmpty()) {
      return map.subMap(key, true, key, true);
    }
    if (end.equals(ZERO)) {
      return map.tailMap(key, true);
    }
    if (ByteString.unsignedLexicographicalComparator().compare(key, end) >= 0) {
      return new TreeMap<>();
    }
    return map.subMap(key, true, end, false);
  }
}
