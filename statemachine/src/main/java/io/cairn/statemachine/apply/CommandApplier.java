package io.cairn.statemachine.apply;

import com.google.protobuf.ByteString;
import io.cairn.statemachine.proto.Command;
import io.cairn.statemachine.proto.CommandResult;
import io.cairn.statemachine.proto.CompactResult;
import io.cairn.statemachine.proto.Compare;
import io.cairn.statemachine.proto.DeleteRange;
import io.cairn.statemachine.proto.DeleteRangeResult;
import io.cairn.statemachine.proto.Failure;
import io.cairn.statemachine.proto.KeyValue;
import io.cairn.statemachine.proto.LeaseGrant;
import io.cairn.statemachine.proto.LeaseGrantResult;
import io.cairn.statemachine.proto.LeaseRevokeResult;
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
 * anything; all mutations of one txn (or one lease revoke) share that revision. Failures (missing
 * lease, unreadable revision) are checked before anything is written, so a failed command applies
 * nothing.
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
    CommandResult.Builder result = CommandResult.newBuilder().setRevision(revision);
    switch (command.getOpCase()) {
      case PUT -> {
        Failure f = checkLease(view, command.getPut());
        if (f != null) {
          return result.setFailure(f).build();
        }
        result.setPut(put(view, command.getPut(), next));
        return result.setRevision(next).build();
      }
      case DELETE_RANGE -> {
        DeleteRangeResult deleted = deleteRange(view, command.getDeleteRange(), next);
        return result
            .setDeleteRange(deleted)
            .setRevision(deleted.getDeleted() > 0 ? next : revision)
            .build();
      }
      case TXN -> {
        return txn(view, command.getTxn(), revision, result);
      }
      case LEASE_GRANT -> {
        return leaseGrant(view.leases(), command.getLeaseGrant(), result);
      }
      case LEASE_REVOKE -> {
        long id = command.getLeaseRevoke().getId();
        if (!view.leases().exists(id)) {
          return result.setFailure(Failures.leaseNotFound(id)).build();
        }
        List<ByteString> keys = view.leases().keys(id);
        for (ByteString key : keys) {
          KeyValue kv = view.get(key);
          if (kv != null) {
            view.delete(kv, next);
          }
        }
        view.leases().revoke(id);
        return result
            .setLeaseRevoke(LeaseRevokeResult.newBuilder().setDeleted(keys.size()))
            .setRevision(keys.isEmpty() ? revision : next)
            .build();
      }
      case COMPACT -> {
        long target = command.getCompact().getRevision();
        Failure f = Failures.readAt(target, revision, view.compactRevision());
        if (f == null && target <= view.compactRevision()) {
          f = Failures.compacted(target, view.compactRevision());
        }
        if (f != null) {
          return result.setFailure(f).build();
        }
        view.compact(target);
        return result.setCompact(CompactResult.newBuilder().setCompactRevision(target)).build();
      }
      default -> {
        return result.build();
      }
    }
  }

  /**
   * Reads {@code range} at its revision (0 = as {@code view} sees it now), or returns why it
   * cannot; {@code current} is the store revision.
   */
  public static RangeOutcome rangeAt(KvView view, Range range, long current) {
    Failure f = Failures.readAt(range.getRevision(), current, view.compactRevision());
    if (f != null) {
      return new RangeOutcome(null, f);
    }
    KvView source =
        range.getRevision() > 0 && range.getRevision() < current
            ? view.at(range.getRevision())
            : view;
    return new RangeOutcome(range(source, range), null);
  }

  /** A range's rows, or the failure that prevented reading them. */
  public record RangeOutcome(RangeResult result, Failure failure) {}

  private static CommandResult leaseGrant(
      LeaseView leases, LeaseGrant grant, CommandResult.Builder result) {
    long id = grant.getId();
    if (id == 0) {
      id = leases.nextId();
      while (leases.exists(id) || id == 0) {
        id++;
      }
      leases.setNextId(id + 1);
    } else if (leases.exists(id)) {
      return result.setFailure(Failures.leaseExists(id)).build();
    }
    leases.grant(id, grant.getTtlSeconds());
    return result
        .setLeaseGrant(LeaseGrantResult.newBuilder().setId(id).setTtlSeconds(grant.getTtlSeconds()))
        .build();
  }

  private static Failure checkLease(KvView view, Put put) {
    return put.getLease() == 0 || view.leases().exists(put.getLease())
        ? null
        : Failures.leaseNotFound(put.getLease());
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
            .setModRevision(revision)
            .setLease(put.getLease());
    if (prev == null) {
      next.setCreateRevision(revision).setVersion(1);
    } else {
      next.setCreateRevision(prev.getCreateRevision()).setVersion(prev.getVersion() + 1);
    }
    view.put(next.build(), prev);
    PutResult.Builder result = PutResult.newBuilder();
    if (put.getPrevKv() && prev != null) {
      result.setPrevKv(prev);
    }
    return result.build();
  }

  private static DeleteRangeResult deleteRange(KvView view, DeleteRange delete, long revision) {
    List<KeyValue> doomed = new ArrayList<>();
    forEach(view, delete.getKey(), delete.getRangeEnd(), doomed::add);
    DeleteRangeResult.Builder result = DeleteRangeResult.newBuilder();
    for (KeyValue kv : doomed) {
      view.delete(kv, revision);
    }
    result.setDeleted(doomed.size());
    if (delete.getPrevKvs()) {
      result.addAllPrevKvs(doomed);
    }
    return result.build();
  }

  private static CommandResult txn(
      KvView view, Txn txn, long revision, CommandResult.Builder result) {
    // Every compare sees the state before any op runs.
    boolean succeeded = txn.getCompareList().stream().allMatch(c -> holds(view, c));
    List<Op> ops = succeeded ? txn.getSuccessList() : txn.getFailureList();
    // Check every op before running any: a failure must leave nothing applied.
    for (Op op : ops) {
      Failure f =
          switch (op.getOpCase()) {
            case RANGE ->
                Failures.readAt(op.getRange().getRevision(), revision, view.compactRevision());
            case PUT -> checkLease(view, op.getPut());
            default -> null;
          };
      if (f != null) {
        return result.setFailure(f).build();
      }
    }
    long next = revision + 1;
    boolean mutated = false;
    TxnResult.Builder out = TxnResult.newBuilder().setSucceeded(succeeded);
    for (Op op : ops) {
      OpResult.Builder opResult = OpResult.newBuilder();
      switch (op.getOpCase()) {
        case RANGE -> {
          // After a write here the view is past `revision`: read its own revision from history.
          long at = op.getRange().getRevision();
          KvView source = at > 0 && (at < revision || mutated) ? view.at(at) : view;
          opResult.setRange(range(source, op.getRange()));
        }
        case PUT -> {
          opResult.setPut(put(view, op.getPut(), next));
          mutated = true;
        }
        case DELETE_RANGE -> {
          DeleteRangeResult deleted = deleteRange(view, op.getDeleteRange(), next);
          opResult.setDeleteRange(deleted);
          mutated |= deleted.getDeleted() > 0;
        }
        default -> {}
      }
      out.addResults(opResult);
    }
    return result.setTxn(out).setRevision(mutated ? next : revision).build();
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
