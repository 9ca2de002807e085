package io.cairn.client;

import io.cairn.api.v1.DeleteRangeRequest;
import io.cairn.api.v1.DeleteRangeResponse;
import io.cairn.api.v1.Event;
import io.cairn.api.v1.LeaseGrantResponse;
import io.cairn.api.v1.LeaseLeasesResponse;
import io.cairn.api.v1.LeaseStatus;
import io.cairn.api.v1.LeaseTimeToLiveResponse;
import io.cairn.api.v1.MemberListResponse;
import io.cairn.api.v1.PutRequest;
import io.cairn.api.v1.PutResponse;
import io.cairn.api.v1.RangeRequest;
import io.cairn.api.v1.RangeResponse;
import io.cairn.api.v1.ResponseOp;
import io.cairn.api.v1.Role;
import io.cairn.api.v1.StatusResponse;
import io.cairn.api.v1.TxnResponse;
import io.cairn.api.v1.WatchCreateRequest;
import io.cairn.api.v1.WatchResponse;
import java.util.ArrayList;
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
        .setRevision(o.revision())
        .build();
  }

  static PutRequest put(Bytes key, Bytes value, PutOptions o) {
    return PutRequest.newBuilder()
        .setKey(key.byteString())
        .setValue(value.byteString())
        .setPrevKv(o.prevKv())
        .setLease(o.lease())
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
        kv.getVersion(),
        kv.getLease());
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

  static WatchCreateRequest watch(Bytes key, WatchOptions o) {
    WatchCreateRequest.Builder b =
        WatchCreateRequest.newBuilder()
            .setKey(key.byteString())
            .setRangeEnd(o.rangeEndFor(key).byteString())
            .setStartRevision(o.startRevision())
            .setProgressNotify(o.progressNotify())
            .setPrevKv(o.prevKv());
    if (o.noPut()) {
      b.addFilters(WatchCreateRequest.FilterType.NOPUT);
    }
    if (o.noDelete()) {
      b.addFilters(WatchCreateRequest.FilterType.NODELETE);
    }
    return b.build();
  }

  /** Splits a response's events into one batch per revision, in order. */
  static List<WatchBatch> batches(WatchResponse r) {
    ResponseHeader header = header(r.getHeader());
    List<WatchBatch> out = new ArrayList<>();
    List<WatchEvent> current = new ArrayList<>();
    long revision = -1;
    for (Event e : r.getEventsList()) {
      WatchEvent event = event(e);
      if (event.revision() != revision && !current.isEmpty()) {
        out.add(new WatchBatch(header, revision, current));
        current = new ArrayList<>();
      }
      revision = event.revision();
      current.add(event);
    }
    if (!current.isEmpty()) {
      out.add(new WatchBatch(header, revision, current));
    }
    return out;
  }

  static WatchEvent event(Event e) {
    return new WatchEvent(
        e.getType() == Event.EventType.DELETE ? WatchEvent.Type.DELETE : WatchEvent.Type.PUT,
        kv(e.getKv()),
        e.hasPrevKv() ? Optional.of(kv(e.getPrevKv())) : Optional.empty());
  }

  static LeaseGrantResult leaseGrant(LeaseGrantResponse r) {
    return new LeaseGrantResult(header(r.getHeader()), r.getId(), r.getTtl());
  }

  static LeaseTimeToLive timeToLive(LeaseTimeToLiveResponse r) {
    return new LeaseTimeToLive(
        header(r.getHeader()),
        r.getId(),
        r.getTtl(),
        r.getGrantedTtl(),
        r.getKeysList().stream().map(Bytes::wrap).toList());
  }

  static LeaseList leases(LeaseLeasesResponse r) {
    return new LeaseList(
        header(r.getHeader()), r.getLeasesList().stream().map(LeaseStatus::getId).toList());
  }

  static MemberList members(MemberListResponse r) {
    return new MemberList(
        header(r.getHeader()),
        r.getMembersList().stream()
            .map(m -> new Member(m.getId(), m.getPeerAddr(), m.getClientAddr(), role(m.getRole())))
            .toList());
  }

  static MemberList members(
      io.cairn.api.v1.ResponseHeader h, List<io.cairn.api.v1.Member> members) {
    return members(MemberListResponse.newBuilder().setHeader(h).addAllMembers(members).build());
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
