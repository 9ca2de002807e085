package io.cairn.client;

import io.cairn.api.v1.DeleteRangeRequest;
import io.cairn.api.v1.DeleteRangeResponse;
import io.cairn.api.v1.MemberListResponse;
import io.cairn.api.v1.PutRequest;
import io.cairn.api.v1.PutResponse;
import io.cairn.api.v1.RangeRequest;
import io.cairn.api.v1.RangeResponse;
import io.cairn.api.v1.ResponseOp;
import io.cairn.api.v1.Role;
import io.cairn.api.v1.StatusResponse;
import io.cairn.api.v1.TxnResponse;
import java.util.List;
import java.util.Optional;

/** Translates between the public value types and the cairn.v1 wire messages. */
final class Wire {
  private Wire() {}

  static RangeRequest range(Bytes key, GetOptions o) {
    return RangeRequest.newBuilder()
        .setKey(key.byteString())
        .setRangeEnd(o.rangeEndFor(key).byteString())
        .setLimit(o.limit())
        .setKeysOnly(o.keysOnly())
        .setCountOnly(o.countOnly())
        .setConsistency(
            o.consistency() == ReadConsistency.SERIALIZABLE
                ? io.cairn.api.v1.ReadConsistency.SERIALIZABLE
                : io.cairn.api.v1.ReadConsistency.LINEARIZABLE)
        .setMinRevision(o.minRevision())
        .build();
  }

  static PutRequest put(Bytes key, Bytes value, PutOptions o) {
    return PutRequest.newBuilder()
        .setKey(key.byteString())
        .setValue(value.byteString())
        .setPrevKv(o.prevKv())
        .build();
  }

  static DeleteRangeRequest delete(Bytes key, DeleteOptions o) {
    return DeleteRangeRequest.newBuilder()
        .setKey(key.byteString())
        .setRangeEnd(o.rangeEndFor(key).byteString())
        .setPrevKv(o.prevKvs())
        .build();
  }

  static ResponseHeader header(io.cairn.api.v1.ResponseHeader h) {
    return new ResponseHeader(
        h.getClusterId(), h.getMemberId(), h.getRevision(), h.getRaftTerm(), h.getLeaderId());
  }

  static KeyValue kv(io.cairn.api.v1.KeyValue kv) {
    return new KeyValue(
        Bytes.wrap(kv.getKey()),
        Bytes.wrap(kv.getValue()),
        kv.getCreateRevision(),
        kv.getModRevision(),
        kv.getVersion());
  }

  private static List<KeyValue> kvs(List<io.cairn.api.v1.KeyValue> kvs) {
    return kvs.stream().map(Wire::kv).toList();
  }

  static GetResult get(RangeResponse r) {
    return new GetResult(header(r.getHeader()), kvs(r.getKvsList()), r.getMore(), r.getCount());
  }

  static PutResult put(PutResponse r) {
    return new PutResult(
        header(r.getHeader()), r.hasPrevKv() ? Optional.of(kv(r.getPrevKv())) : Optional.empty());
  }

  static DeleteResult delete(DeleteRangeResponse r) {
    return new DeleteResult(header(r.getHeader()), r.getDeleted(), kvs(r.getPrevKvsList()));
  }

  static TxnResult txn(TxnResponse r) {
    io.cairn.api.v1.ResponseHeader txnHeader = r.getHeader();
    List<OpResult> results = r.getResponsesList().stream().map(op -> op(op, txnHeader)).toList();
    return new TxnResult(header(txnHeader), r.getSucceeded(), results);
  }

  // Ops inside a txn may leave their own header unset: they share the txn's.
  private static OpResult op(ResponseOp op, io.cairn.api.v1.ResponseHeader txnHeader) {
    return switch (op.getResponseCase()) {
      case RESPONSE_RANGE -> {
        RangeResponse r = op.getResponseRange();
        yield get(r.hasHeader() ? r : r.toBuilder().setHeader(txnHeader).build());
      }
      case RESPONSE_PUT -> {
        PutResponse r = op.getResponsePut();
        yield put(r.hasHeader() ? r : r.toBuilder().setHeader(txnHeader).build());
      }
      case RESPONSE_DELETE_RANGE -> {
        DeleteRangeResponse r = op.getResponseDeleteRange();
        yield delete(r.hasHeader() ? r : r.toBuilder().setHeader(txnHeader).build());
      }
      case RESPONSE_NOT_SET ->
          throw new CairnIndeterminateException(
              "INTERNAL", "the server answered a transaction operation with no result", null);
    };
  }

  static MemberList members(MemberListResponse r) {
    return new MemberList(
        header(r.getHeader()),
        r.getMembersList().stream()
            .map(m -> new Member(m.getId(), m.getPeerAddr(), m.getClientAddr(), role(m.getRole())))
            .toList());
  }

  static EndpointStatus status(String endpoint, StatusResponse r) {
    return new EndpointStatus(
        endpoint,
        header(r.getHeader()),
        r.getVersion(),
        role(r.getRole()),
        r.getRaftIndex(),
        r.getRaftAppliedIndex(),
        r.getDbSize(),
        r.getLeaderClientAddr());
  }

  static String role(Role role) {
    return switch (role) {
      case LEADER, FOLLOWER, CANDIDATE, LISTENER -> role.name();
      case ROLE_UNKNOWN, UNRECOGNIZED -> "UNKNOWN";
    };
  }
}
