package io.cairn.server.maintenance;

import com.google.protobuf.ByteString;
import io.cairn.api.v1.DefragRequest;
import io.cairn.api.v1.DefragResponse;
import io.cairn.api.v1.MaintenanceGrpc;
import io.cairn.api.v1.SnapshotHeader;
import io.cairn.api.v1.SnapshotRequest;
import io.cairn.api.v1.SnapshotResponse;
import io.cairn.api.v1.SnapshotTrailer;
import io.cairn.statemachine.ratis.CairnStateMachine;
import io.cairn.statemachine.store.LmdbStore;
import io.cairn.statemachine.store.TermIndexValue;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a compact copy of this member's store: the copy is made into a temp dir next to LMDB (a
 * consistent point-in-time image; writes go on meanwhile), then sent in chunks as fast as the
 * receiver takes them, then deleted.
 */
public final class MaintenanceService extends MaintenanceGrpc.MaintenanceImplBase {
  private static final Logger LOG = LoggerFactory.getLogger(MaintenanceService.class);

  /** Chunk size: well below the 4 MiB default inbound message limit of gRPC clients. */
  static final int CHUNK_BYTES = 1 << 20;

  private final String memberId;
  private final CairnStateMachine stateMachine;

  public MaintenanceService(String memberId, CairnStateMachine stateMachine) {
    this.memberId = memberId;
    this.stateMachine = stateMachine;
  }

  @Override
  public void snapshot(SnapshotRequest request, StreamObserver<SnapshotResponse> responses) {
    ServerCallStreamObserver<SnapshotResponse> out =
        (ServerCallStreamObserver<SnapshotResponse>) responses;
    LmdbStore store = stateMachine.store();
    Path dir = stateMachine.newTempCopyDir(); // a crash leaves it for the next start to remove
    Pump pump;
    try {
      store.copyCompactTo(dir);
      SnapshotHeader header;
      try (LmdbStore copy = LmdbStore.open(dir)) {
        TermIndexValue ti = copy.appliedTermIndex();
        header =
            SnapshotHeader.newBuilder()
                .setMemberId(memberId)
                .setAppliedTerm(ti.term())
                .setAppliedIndex(ti.index())
                .setRevision(copy.revision())
                .setSize(Files.size(LmdbStore.dataFile(dir)))
                .build();
      }
      pump = new Pump(dir, header, out);
    } catch (IOException | RuntimeException e) {
      LOG.warn("[{}] snapshot copy failed: {}", memberId, e.toString());
      Pump.delete(dir);
      out.onError(Status.INTERNAL.withDescription("snapshot copy failed: " + e).asException());
      return;
    }
    LOG.info("[{}] streaming a snapshot at index {}", memberId, pump.header.getAppliedIndex());
    out.setOnCancelHandler(pump::close);
    out.setOnReadyHandler(pump);
    pump.run();
  }

  /** Runs on a gRPC executor thread: a defrag blocks for as long as the copy takes. */
  @Override
  public void defrag(DefragRequest request, StreamObserver<DefragResponse> response) {
    CairnStateMachine.DefragResult r;
    try {
      r = stateMachine.defrag();
    } catch (IOException | RuntimeException e) {
      LOG.warn("[{}] defrag failed: {}", memberId, e.toString());
      response.onError(Status.INTERNAL.withDescription("defrag failed: " + e).asException());
      return;
    }
    response.onNext(
        DefragResponse.newBuilder()
            .setMemberId(memberId)
            .setSizeBefore(r.sizeBefore())
            .setSizeAfter(r.sizeAfter())
            .setWritePauseMs(r.writePauseMillis())
            .build());
    response.onCompleted();
  }

  /** Sends chunks while the transport is ready; resumed by gRPC's on-ready callback. */
  private final class Pump implements Runnable {
    private final Path dir;
    private final SnapshotHeader header;
    private final ServerCallStreamObserver<SnapshotResponse> out;
    private final MessageDigest sha;
    private InputStream in;
    private boolean headerSent;
    private boolean done;

    Pump(Path dir, SnapshotHeader header, ServerCallStreamObserver<SnapshotResponse> out)
        throws IOException {
      this.dir = dir;
      this.header = header;
      this.out = out;
      this.sha = SnapshotDownload.sha256();
      this.in = Files.newInputStream(LmdbStore.dataFile(dir));
    }

    @Override
    public synchronized void run() {
      try {
        while (!done && out.isReady()) {
          if (!headerSent) {
            out.onNext(SnapshotResponse.newBuilder().setHeader(header).build());
            headerSent = true;
            continue;
          }
          byte[] buf = in.readNBytes(CHUNK_BYTES);
          if (buf.length > 0) {
            sha.update(buf);
            out.onNext(SnapshotResponse.newBuilder().setChunk(ByteString.copyFrom(buf)).build());
          }
          if (buf.length < CHUNK_BYTES) {
            out.onNext(
                SnapshotResponse.newBuilder()
                    .setTrailer(
                        SnapshotTrailer.newBuilder().setSha256(ByteString.copyFrom(sha.digest())))
                    .build());
            close();
            out.onCompleted();
          }
        }
      } catch (IOException | RuntimeException e) {
        LOG.warn("[{}] snapshot stream failed: {}", memberId, e.toString());
        close();
        out.onError(Status.INTERNAL.withDescription("snapshot stream failed: " + e).asException());
      }
    }

    synchronized void close() {
      if (done) {
        return;
      }
      done = true;
      try {
        in.close();
      } catch (IOException e) {
        LOG.debug("[{}] closing the snapshot copy: {}", memberId, e.toString());
      }
      delete(dir);
    }

    static void delete(Path dir) {
      try {
        SnapshotDownload.deleteRecursively(dir);
      } catch (IOException e) {
        LOG.warn("cannot delete snapshot copy {}: {}", dir, e.toString());
      }
    }
  }
}
