package io.cairn.server.api;

import io.cairn.api.v1.CompactionRequest;
import io.cairn.api.v1.Compare;
import io.cairn.api.v1.DeleteRangeRequest;
import io.cairn.api.v1.DeleteRangeResponse;
import io.cairn.api.v1.KeyValue;
import io.cairn.api.v1.PutRequest;
import io.cairn.api.v1.PutResponse;
import io.cairn.api.v1.RangeRequest;
import io.cairn.api.v1.RangeResponse;
import io.cairn.api.v1.RequestOp;
import io.cairn.api.v1.ResponseHeader;
import io.cairn.api.v1.ResponseOp;
import io.cairn.api.v1.TxnRequest;
import io.cairn.api.v1.TxnResponse;
import io.cairn.api.v1.WriteSession;
import io.cairn.statemachine.proto.Command;
import io.cairn.statemachine.proto.Compact;
import io.cairn.statemachine.proto.DeleteRange;
import io.cairn.statemachine.proto.DeleteRangeResult;
import io.cairn.statemachine.proto.Op;
import io.cairn.statemachine.proto.OpResult;
import io.cairn.statemachine.proto.Put;
import io.cairn.statemachine.proto.PutResult;
import io.cairn.statemachine.proto.Query;
import io.cairn.statemachine.proto.Range;
import io.cairn.statemachine.proto.RangeResult;
import io.cairn.statemachine.proto.Txn;
import io.cairn.statemachine.proto.TxnResult;

/**
 * Wire (cairn.v1) to log (cairn.log.v1) and back. The two formats evolve separately: the log is
 * kept for ever, the wire API is what clients see.
 */
final class Translator {
  private Translator() {}

  static Command command(PutRequest r) {
    return session(r.getSession()).setPut(put(r)).build();
  }

  static Command command(DeleteRangeRequest r) {
    return session(r.getSession()).setDeleteRange(delete(r)).build();
  }

  static Command command(TxnRequest r) {
    Txn.Builder txn = Txn.newBuilder();
    for (Compare c : r.getCompareList()) {
      txn.addCompare(compare(c));
    }
    r.getSuccessList().forEach(op -> txn.addSuccess(op(op)));
    r.getFailureList().forEach(op -> txn.addFailure(op(op)));
    return session(r.getSession()).setTxn(txn).build();
  }

  static Command command(CompactionRequest r) {
    return Command.newBuilder()
        .setCompact(Compact.newBuilder().setRevision(r.getRevision()))
        .build();
  }

  static Query query(RangeRequest r) {
    return Query.newBuilder().setRange(range(r)).build();
  }

  static PutResponse putResponse(ResponseHeader header, PutResult r) {
    PutResponse.Builder b = PutResponse.newBuilder().setHeader(header);
    if (r.hasPrevKv()) {
      b.setPrevKv(kv(r.getPrevKv()));
    }
    return b.build();
  }

  static DeleteRangeResponse deleteResponse(ResponseHeader header, DeleteRangeResult r) {
    DeleteRangeResponse.Builder b =
        DeleteRangeResponse.newBuilder().setHeader(header).setDeleted(r.getDeleted());
    r.getPrevKvsList().forEach(kv -> b.addPrevKvs(kv(kv)));
    return b.build();
  }

  static RangeResponse rangeResponse(ResponseHeader header, RangeResult r) {
    RangeResponse.Builder b =
        RangeResponse.newBuilder().setHeader(header).setMore(r.getMore()).setCount(r.getCount());
    r.getKvsList().forEach(kv -> b.addKvs(kv(kv)));
    return b.build();
  }

  static TxnResponse txnResponse(ResponseHeader header, TxnResult r) {
    TxnResponse.Builder b =
        TxnResponse.newBuilder().setHeader(header).setSucceeded(r.getSucceeded());
    for (OpResult op : r.getResultsList()) {
      ResponseOp.Builder out = ResponseOp.newBuilder();
      switch (op.getResultCase()) {
        case RANGE -> out.setResponseRange(rangeResponse(header, op.getRange()));
        case PUT -> out.setResponsePut(putResponse(header, op.getPut()));
        case DELETE_RANGE ->
            out.setResponseDeleteRange(deleteResponse(header, op.getDeleteRange()));
        default -> throw new IllegalStateException("txn op result without a result");
      }
      b.addResponses(out);
    }
    return b.build();
  }

  private static Command.Builder session(WriteSession s) {
    return Command.newBuilder()
        .setSessionId(s.getId())
        .setSeq(s.getSeq())
        .setFirstIncompleteSeq(s.getFirstIncompleteSeq());
  }

  private static Put put(PutRequest r) {
    return Put.newBuilder()
        .setKey(r.getKey())
        .setValue(r.getValue())
        .setPrevKv(r.getPrevKv())
        .setLease(r.getLease())
        .build();
  }

  private static DeleteRange delete(DeleteRangeRequest r) {
    return DeleteRange.newBuilder()
        .setKey(r.getKey())
        .setRangeEnd(r.getRangeEnd())
        .setPrevKvs(r.getPrevKv())
        .build();
  }

  private static Range range(RangeRequest r) {
    return Range.newBuilder()
        .setKey(r.getKey())
        .setRangeEnd(r.getRangeEnd())
        .setLimit(r.getLimit())
        .setKeysOnly(r.getKeysOnly())
        .setCountOnly(r.getCountOnly())
        .setRevision(r.getRevision())
        .build();
  }

  private static Op op(RequestOp op) {
    return switch (op.getRequestCase()) {
      case REQUEST_RANGE -> Op.newBuilder().setRange(range(op.getRequestRange())).build();
      case REQUEST_PUT -> Op.newBuilder().setPut(put(op.getRequestPut())).build();
      case REQUEST_DELETE_RANGE ->
          Op.newBuilder().setDeleteRange(delete(op.getRequestDeleteRange())).build();
      default ->
          throw new InvalidRequestException(
              RequestValidator.INVALID_REQUEST, "a txn operation has no request set");
    };
  }

  private static io.cairn.statemachine.proto.Compare compare(Compare c) {
    io.cairn.statemachine.proto.Compare.Builder b =
        io.cairn.statemachine.proto.Compare.newBuilder().setKey(c.getKey());
    b.setResultValue(c.getResultValue());
    b.setTargetValue(c.getTargetValue());
    switch (c.getTarget()) {
      case VERSION -> b.setNumber(c.getVersion());
      case CREATE -> b.setNumber(c.getCreateRevision());
      case MOD -> b.setNumber(c.getModRevision());
      case VALUE -> b.setValue(c.getValue());
      default ->
          throw new InvalidRequestException(
              RequestValidator.INVALID_REQUEST, "unknown compare target " + c.getTargetValue());
    }
    return b.build();
  }

  private static KeyValue kv(io.cairn.statemachine.proto.KeyValue kv) {
    return KeyValues.toWire(kv);
  }
}
