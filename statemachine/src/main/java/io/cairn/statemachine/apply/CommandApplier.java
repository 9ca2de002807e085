package io.cairn.statemachine.apply;

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
import io.cairn.statemachine.proto.Txn;
import io.cairn.statemachine.proto.TxnResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * etcd semantics for one command. The global revision grows by one per command that mutates
 * anything; all mutations of one txn share that revision.
 */
public final class CommandApplier {
  private static final ByteString ALL_FROM_KEY = ByteString.copyFrom(new byte[] {0});
  private static final Comparator<ByteString> UNSIGNED =
      ByteString.unsignedLexicographicalComparator();

  private CommandApplier() {}

  /**
   * Executes {@code command}'s operation (sessions are the caller's concern) at store revision
   * {@code revision}; the result's revision is the store revision afterwards.
   */
  public static CommandResult apply(KvView view, Command command, long revision) {
    long next = revision + 1;
    CommandResult.Builder result = CommandResult.newBuilder();
    switch (command.getOpCase()) {
      case PUT -> {
        result.setPut(put(view, command.getPut(), next));
        return result.setRevision(next).build();
      }
      case DELETE_RANGE -> {
        DeleteRangeResult deleted = deleteRange(view, command.getDeleteRange());
        return result
            .setDeleteRange(deleted)
            .setRevision(deleted.getDeleted() > 0 ? next : revision)
            .build();
      }
      case TXN -> {
        TxnOutcome outcome = txn(view, command.getTxn(), revision);
        return result.setTxn(outcome.result()).setRevision(outcome.revision()).build();
      }
      default -> {
        return result.setRevision(revision).build();
      }
    }
  }

  /** Reads a range; {@code more} and {@code count} follow etcd (count ignores the limit). */
  public static RangeResult range(KvView view, Range range) {
    RangeResult.Builder out = RangeResult.newBuilder();
    long limit = range.getLimit();
    long[] count = {0};
    forEach(
        view,
        range.getKey(),
        range.getRangeEnd(),
        kv -> {
          count[0]++;
          if (!range.getCountOnly() && (limit <= 0 || out.getKvsCount() < limit)) {
            out.addKvs(range.getKeysOnly() ? kv.toBuilder().clearValue().build() : kv);
          }
          return true;
        });
    out.setCount(count[0]);
    out.setMore(!range.getCountOnly() && limit > 0 && count[0] > limit);
    return out.build();
  }

  /** True when compare {@code c} holds against {@code view}. */
  public static boolean holds(KvView view, Compare c) {
    KeyValue kv = view.get(c.getKey());
    int cmp;
    if (c.getTarget() == Compare.Target.VALUE) {
      if (kv == null) {
        // As etcd: a missing key has no value, so every value compare on it fails.
        return false;
      }
      cmp = UNSIGNED.compare(kv.getValue(), c.getValue());
    } else {
      long actual =
          kv == null
              ? 0
              : switch (c.getTarget()) {
                case VERSION -> kv.getVersion();
                case CREATE -> kv.getCreateRevision();
                case MOD -> kv.getModRevision();
                default -> 0;
              };
      cmp = Long.compare(actual, c.getNumber());
    }
    return switch (c.getResult()) {
      case EQUAL -> cmp == 0;
      case GREATER -> cmp > 0;
      case LESS -> cmp < 0;
      case NOT_EQUAL -> cmp != 0;
      default -> false;
    };
  }

  private static PutResult put(KvView view, Put put, long revision) {
    KeyValue prev = view.get(put.getKey());
    KeyValue.Builder next =
        KeyValue.newBuilder()
            .setKey(put.getKey())
            .setValue(put.getValue())
            .setModRevision(revision);
    if (prev == null) {
      next.setCreateRevision(revision).setVersion(1);
    } else {
      next.setCreateRevision(prev.getCreateRevision()).setVersion(prev.getVersion() + 1);
    }
    view.put(next.build());
    PutResult.Builder result = PutResult.newBuilder();
    if (put.getPrevKv() && prev != null) {
      result.setPrevKv(prev);
    }
    return result.build();
  }

  private static DeleteRangeResult deleteRange(KvView view, DeleteRange delete) {
    List<KeyValue> doomed = new ArrayList<>();
    forEach(view, delete.getKey(), delete.getRangeEnd(), doomed::add);
    DeleteRangeResult.Builder result = DeleteRangeResult.newBuilder();
    for (KeyValue kv : doomed) {
      view.delete(kv.getKey());
    }
    result.setDeleted(doomed.size());
    if (delete.getPrevKvs()) {
      result.addAllPrevKvs(doomed);
    }
    return result.build();
  }

  private record TxnOutcome(TxnResult result, long revision) {}

  private static TxnOutcome txn(KvView view, Txn txn, long revision) {
    // Every compare sees the state before any op runs.
    boolean succeeded = txn.getCompareList().stream().allMatch(c -> holds(view, c));
    long next = revision + 1;
    boolean mutated = false;
    TxnResult.Builder result = TxnResult.newBuilder().setSucceeded(succeeded);
    for (Op op : succeeded ? txn.getSuccessList() : txn.getFailureList()) {
      OpResult.Builder opResult = OpResult.newBuilder();
      switch (op.getOpCase()) {
        case RANGE -> opResult.setRange(range(view, op.getRange()));
        case PUT -> {
          opResult.setPut(put(view, op.getPut(), next));
          mutated = true;
        }
        case DELETE_RANGE -> {
          DeleteRangeResult deleted = deleteRange(view, op.getDeleteRange());
          opResult.setDeleteRange(deleted);
          mutated |= deleted.getDeleted() > 0;
        }
        default -> {}
      }
      result.addResults(opResult);
    }
    return new TxnOutcome(result.build(), mutated ? next : revision);
  }

  /** range_end: empty = only key; "\0" = every key >= key; else [key, range_end). */
  private static void forEach(
      KvView view, ByteString key, ByteString rangeEnd, Predicate<KeyValue> visitor) {
    if (rangeEnd.isEmpty()) {
      KeyValue kv = key.isEmpty() ? null : view.get(key);
      if (kv != null) {
        visitor.test(kv);
      }
      return;
    }
    ByteString end = rangeEnd.equals(ALL_FROM_KEY) ? null : rangeEnd;
    if (end != null && UNSIGNED.compare(key, end) >= 0) {
      return;
    }
    view.scan(key, end, visitor);
  }
}
