package io.cairn.server.api;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import io.cairn.api.v1.CompactionRequest;
import io.cairn.api.v1.Compare;
import io.cairn.api.v1.DeleteRangeRequest;
import io.cairn.api.v1.LeaseGrantRequest;
import io.cairn.api.v1.LeaseRevokeRequest;
import io.cairn.api.v1.PutRequest;
import io.cairn.api.v1.RangeRequest;
import io.cairn.api.v1.RequestOp;
import io.cairn.api.v1.TxnRequest;
import io.cairn.api.v1.WriteSession;
import io.cairn.statemachine.Limits;

/**
 * Checks a request against the limits of docs/errors.md before it goes anywhere near the log. Each
 * check throws an {@link InvalidRequestException} naming the limit.
 */
public final class RequestValidator {
  public static final String EMPTY_KEY = "EMPTY_KEY";
  public static final String KEY_TOO_LARGE = "KEY_TOO_LARGE";
  public static final String VALUE_TOO_LARGE = "VALUE_TOO_LARGE";
  public static final String REQUEST_TOO_LARGE = "REQUEST_TOO_LARGE";
  public static final String TOO_MANY_TXN_OPS = "TOO_MANY_TXN_OPS";
  public static final String INVALID_REQUEST = "INVALID_REQUEST";

  private static final ByteString RANGE_TO_END = ByteString.copyFrom(new byte[] {0});

  private RequestValidator() {}

  /** The largest lease TTL accepted, in seconds (as etcd's). */
  public static final long MAX_LEASE_TTL_SECONDS = 9_000_000_000L;

  public static void check(LeaseGrantRequest r) {
    if (r.getTtl() < 0 || r.getTtl() > MAX_LEASE_TTL_SECONDS) {
      throw invalid("lease ttl " + r.getTtl() + " is not in 0.." + MAX_LEASE_TTL_SECONDS);
    }
    if (r.getId() < 0) {
      throw invalid("lease id " + r.getId() + " is negative");
    }
    checkSession(r.getSession());
  }

  public static void check(LeaseRevokeRequest r) {
    if (r.getId() <= 0) {
      throw invalid("lease id " + r.getId() + " is not positive");
    }
    checkSession(r.getSession());
  }

  public static void check(CompactionRequest r) {
    if (r.getRevision() < 1) {
      throw invalid("compaction revision " + r.getRevision() + " is below 1");
    }
  }

  /** A key and range_end pair as a watch or range takes it. */
  public static void checkKeyRange(ByteString key, ByteString rangeEnd) {
    checkRangeBounds(key, rangeEnd);
  }

  public static void check(PutRequest r) {
    checkPut(r);
    checkSession(r.getSession());
    checkSize(r);
  }

  public static void check(DeleteRangeRequest r) {
    checkDelete(r);
    checkSession(r.getSession());
    checkSize(r);
  }

  public static void check(RangeRequest r) {
    checkRange(r);
    if (r.getMinRevision() < 0) {
      throw invalid("min_revision " + r.getMinRevision() + " is negative");
    }
    checkSize(r);
  }

  public static void check(TxnRequest r) {
    int ops = r.getCompareCount() + r.getSuccessCount() + r.getFailureCount();
    if (ops > Limits.MAX_TXN_OPS) {
      throw new InvalidRequestException(
          TOO_MANY_TXN_OPS,
          "the txn has "
              + ops
              + " operations; at most "
              + Limits.MAX_TXN_OPS
              + " compares and ops in total are allowed");
    }
    for (Compare c : r.getCompareList()) {
      checkKey(c.getKey());
    }
    for (RequestOp op : r.getSuccessList()) {
      checkOp(op);
    }
    for (RequestOp op : r.getFailureList()) {
      checkOp(op);
    }
    checkSession(r.getSession());
    checkSize(r);
  }

  private static void checkOp(RequestOp op) {
    switch (op.getRequestCase()) {
      case REQUEST_RANGE -> checkRange(op.getRequestRange());
      case REQUEST_PUT -> checkPut(op.getRequestPut());
      case REQUEST_DELETE_RANGE -> checkDelete(op.getRequestDeleteRange());
      default -> throw invalid("a txn operation has no request set");
    }
  }

  private static void checkPut(PutRequest r) {
    checkKey(r.getKey());
    if (r.getLease() < 0) {
      throw invalid("lease " + r.getLease() + " is negative");
    }
    if (r.getValue().size() > Limits.MAX_VALUE_BYTES) {
      throw new InvalidRequestException(
          VALUE_TOO_LARGE,
          "the value has "
              + r.getValue().size()
              + " bytes; at most "
              + Limits.MAX_VALUE_BYTES
              + " are allowed");
    }
  }

  private static void checkDelete(DeleteRangeRequest r) {
    checkRangeBounds(r.getKey(), r.getRangeEnd());
  }

  private static void checkRange(RangeRequest r) {
    checkRangeBounds(r.getKey(), r.getRangeEnd());
    if (r.getLimit() < 0) {
      throw invalid("limit " + r.getLimit() + " is negative");
    }
    if (r.getRevision() < 0) {
      throw invalid("revision " + r.getRevision() + " is negative");
    }
  }

  /** A range may start at the empty key (whole keyspace); a single-key lookup may not. */
  private static void checkRangeBounds(ByteString key, ByteString rangeEnd) {
    if (rangeEnd.isEmpty() || !key.isEmpty()) {
      checkKey(key);
    }
    if (rangeEnd.size() > Limits.MAX_KEY_BYTES + 1) {
      throw invalid("range_end has " + rangeEnd.size() + " bytes, more than any key");
    }
    if (!rangeEnd.isEmpty()
        && !rangeEnd.equals(RANGE_TO_END)
        && ByteString.unsignedLexicographicalComparator().compare(rangeEnd, key) < 0) {
      throw invalid("range_end sorts before key");
    }
  }

  private static void checkKey(ByteString key) {
    if (key.isEmpty()) {
      throw new InvalidRequestException(EMPTY_KEY, "the key is empty");
    }
    if (key.size() > Limits.MAX_KEY_BYTES) {
      throw new InvalidRequestException(
          KEY_TOO_LARGE,
          "the key has " + key.size() + " bytes; at most " + Limits.MAX_KEY_BYTES + " are allowed");
    }
  }

  private static void checkSession(WriteSession s) {
    if (s.getId() == 0) {
      return;
    }
    if (s.getSeq() == 0) {
      throw invalid("session seq must start at 1");
    }
    if (Long.compareUnsigned(s.getFirstIncompleteSeq(), s.getSeq()) > 0) {
      throw invalid("session first_incomplete_seq is above seq");
    }
  }

  private static void checkSize(MessageLite r) {
    int size = r.getSerializedSize();
    if (size > Limits.MAX_REQUEST_BYTES) {
      throw new InvalidRequestException(
          REQUEST_TOO_LARGE,
          "the request has "
              + size
              + " bytes; at most "
              + Limits.MAX_REQUEST_BYTES
              + " are allowed");
    }
  }

  private static InvalidRequestException invalid(String message) {
    return new InvalidRequestException(INVALID_REQUEST, message);
  }
}
