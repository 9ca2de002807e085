package io.cairn.server.lease;

import io.cairn.api.v1.LeaseGrantRequest;
import io.cairn.api.v1.LeaseGrantResponse;
import io.cairn.api.v1.LeaseGrpc;
import io.cairn.api.v1.LeaseKeepAliveRequest;
import io.cairn.api.v1.LeaseKeepAliveResponse;
import io.cairn.api.v1.LeaseLeasesRequest;
import io.cairn.api.v1.LeaseLeasesResponse;
import io.cairn.api.v1.LeaseRevokeRequest;
import io.cairn.api.v1.LeaseRevokeResponse;
import io.cairn.api.v1.LeaseStatus;
import io.cairn.api.v1.LeaseTimeToLiveRequest;
import io.cairn.api.v1.LeaseTimeToLiveResponse;
import io.cairn.api.v1.WriteSession;
import io.cairn.server.api.ErrorMapper;
import io.cairn.server.api.Headers;
import io.cairn.server.api.RequestValidator;
import io.cairn.server.api.UnaryCalls;
import io.cairn.server.replication.RaftMember;
import io.cairn.server.replication.RatisProposer;
import io.cairn.server.replication.ReadPath;
import io.cairn.statemachine.proto.Command;
import io.cairn.statemachine.proto.LeaseGrant;
import io.cairn.statemachine.proto.LeaseInfo;
import io.cairn.statemachine.proto.LeaseInfoResult;
import io.cairn.statemachine.proto.LeaseList;
import io.cairn.statemachine.proto.LeaseRevoke;
import io.cairn.statemachine.proto.Query;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * cairn.v1.Lease. Grant and revoke are replicated commands (exactly once with a WriteSession, like
 * Put); keep-alive and time-to-live need the {@link Lessor}'s in-memory expiry, so only the leader
 * answers them (others: UNAVAILABLE NOT_LEADER with the leader's address); the lease list is a
 * linearizable read.
 */
public final class LeaseService extends LeaseGrpc.LeaseImplBase implements AutoCloseable {
  private final RaftMember member;
  private final ReadPath reads;
  private final Lessor lessor;
  private final Headers headers;
  private final ErrorMapper errors;
  private final UnaryCalls calls;
  private final Set<StreamObserver<?>> keepAlives = ConcurrentHashMap.newKeySet();

  public LeaseService(
      RaftMember member,
      RatisProposer proposer,
      ReadPath reads,
      Lessor lessor,
      ErrorMapper errors) {
    this.member = member;
    this.reads = reads;
    this.lessor = lessor;
    this.headers = new Headers(member);
    this.errors = errors;
    this.calls = new UnaryCalls(proposer, errors);
  }

  /** The lease list query the lessor loads on promotion. */
  public static Query listQuery() {
    return Query.newBuilder().setLeaseList(LeaseList.getDefaultInstance()).build();
  }

  @Override
  public void leaseGrant(LeaseGrantRequest request, StreamObserver<LeaseGrantResponse> response) {
    calls.write(
        response,
        () -> {
          RequestValidator.check(request);
          long ttl = Math.max(request.getTtl(), Lessor.MIN_TTL_SECONDS);
          return session(request.getSession())
              .setLeaseGrant(LeaseGrant.newBuilder().setId(request.getId()).setTtlSeconds(ttl))
              .build();
        },
        r ->
            LeaseGrantResponse.newBuilder()
                .setHeader(headers.of(r.getRevision()))
                .setId(r.getLeaseGrant().getId())
                .setTtl(r.getLeaseGrant().getTtlSeconds())
                .build());
  }

  @Override
  public void leaseRevoke(
      LeaseRevokeRequest request, StreamObserver<LeaseRevokeResponse> response) {
    calls.write(
        response,
        () -> {
          RequestValidator.check(request);
          return session(request.getSession())
              .setLeaseRevoke(LeaseRevoke.newBuilder().setId(request.getId()))
              .build();
        },
        r -> LeaseRevokeResponse.newBuilder().setHeader(headers.of(r.getRevision())).build());
  }

  @Override
  public StreamObserver<LeaseKeepAliveRequest> leaseKeepAlive(
      StreamObserver<LeaseKeepAliveResponse> response) {
    ServerCallStreamObserver<LeaseKeepAliveResponse> out =
        (ServerCallStreamObserver<LeaseKeepAliveResponse>) response;
    keepAlives.add(out);
    out.setOnCancelHandler(() -> keepAlives.remove(out));
    return new StreamObserver<>() {
      private boolean ended;

      @Override
      public void onNext(LeaseKeepAliveRequest request) {
        if (ended) {
          return;
        }
        LeaseKeepAliveResponse reply;
        try {
          long ttl = lessor.keepAlive(request.getId());
          reply =
              LeaseKeepAliveResponse.newBuilder()
                  .setHeader(headers.of(member.revision()))
                  .setId(request.getId())
                  .setTtl(ttl)
                  .build();
        } catch (IllegalStateException e) {
          ended = true;
          end(out, errors.toStatus(member.notLeaderFailure()));
          return;
        } catch (RuntimeException e) {
          ended = true;
          end(out, errors.toStatus(e));
          return;
        }
        synchronized (out) {
          if (keepAlives.contains(out)) {
            out.onNext(reply);
          }
        }
      }

      @Override
      public void onError(Throwable t) {
        keepAlives.remove(out);
      }

      @Override
      public void onCompleted() {
        ended = true;
        end(out, null);
      }
    };
  }

  @Override
  public void leaseTimeToLive(
      LeaseTimeToLiveRequest request, StreamObserver<LeaseTimeToLiveResponse> response) {
    if (!lessor.isPrimary()) {
      response.onError(errors.toStatus(member.notLeaderFailure()));
      return;
    }
    Query query =
        Query.newBuilder()
            .setLeaseInfo(LeaseInfo.newBuilder().setId(request.getId()).setKeys(request.getKeys()))
            .build();
    calls.read(
        reads.linearizable(query),
        response,
        r -> {
          LeaseInfoResult info = r.getLeaseInfo();
          LeaseTimeToLiveResponse.Builder b =
              LeaseTimeToLiveResponse.newBuilder()
                  .setHeader(headers.of(r.getRevision()))
                  .setId(request.getId());
          if (!info.getFound()) {
            return b.setTtl(-1).build();
          }
          long left = lessor.remainingSeconds(request.getId());
          return b.setTtl(left < 0 ? info.getTtlSeconds() : left)
              .setGrantedTtl(info.getTtlSeconds())
              .addAllKeys(info.getKeysList())
              .build();
        });
  }

  @Override
  public void leaseLeases(
      LeaseLeasesRequest request, StreamObserver<LeaseLeasesResponse> response) {
    calls.read(
        reads.linearizable(listQuery()),
        response,
        r -> {
          LeaseLeasesResponse.Builder b =
              LeaseLeasesResponse.newBuilder().setHeader(headers.of(r.getRevision()));
          r.getLeaseList()
              .getLeasesList()
              .forEach(l -> b.addLeases(LeaseStatus.newBuilder().setId(l.getId())));
          return b.build();
        });
  }

  /** Ends every open keep-alive stream (the member is stopping). */
  @Override
  public void close() {
    for (StreamObserver<?> out : Set.copyOf(keepAlives)) {
      end(out, errors.toStatus(member.notLeaderFailure()));
    }
  }

  private void end(StreamObserver<?> out, StatusRuntimeException error) {
    synchronized (out) {
      if (!keepAlives.remove(out)) {
        return;
      }
      try {
        if (error == null) {
          out.onCompleted();
        } else {
          out.onError(error);
        }
      } catch (IllegalStateException e) {
        // the client already went away
      }
    }
  }

  private static Command.Builder session(WriteSession s) {
    return Command.newBuilder()
        .setSessionId(s.getId())
        .setSeq(s.getSeq())
        .setFirstIncompleteSeq(s.getFirstIncompleteSeq());
  }
}
