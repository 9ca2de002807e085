package io.cairn.server.maintenance;

import io.cairn.api.v1.MaintenanceGrpc;
import io.cairn.api.v1.SnapshotHeader;
import io.cairn.api.v1.SnapshotRequest;
import io.cairn.api.v1.SnapshotResponse;
import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * Downloads one {@code Maintenance.Snapshot} stream into a file and verifies it (size and SHA-256)
 * before returning; on any failure the partial file is deleted.
 */
public final class SnapshotDownload {
  private SnapshotDownload() {}

  /**
   * Streams a snapshot from the member behind {@code channel} into {@code file} (created; must not
   * exist), reporting the bytes received so far to {@code progress}, fsynced on success.
   *
   * @throws IOException on a transport failure, a malformed stream or a checksum mismatch
   */
  public static SnapshotMeta to(Channel channel, Path file, LongConsumer progress, long timeoutMs)
      throws IOException {
    // Outside the try: an existing file is not ours to delete.
    FileChannel created =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    Context.CancellableContext call = Context.current().withCancellation();
    Context previous = call.attach();
    try (FileChannel out = created) {
      Iterator<SnapshotResponse> parts =
          MaintenanceGrpc.newBlockingStub(channel)
              .withDeadlineAfter(timeoutMs, TimeUnit.MILLISECONDS)
              .snapshot(SnapshotRequest.getDefaultInstance());
      MessageDigest sha = sha256();
      SnapshotHeader header = null;
      long received = 0;
      while (parts.hasNext()) {
        SnapshotResponse part = parts.next();
        switch (part.getPartCase()) {
          case HEADER -> header = part.getHeader();
          case CHUNK -> {
            if (header == null) {
              throw new IOException("snapshot stream: data before the header");
            }
            var bytes = part.getChunk().asReadOnlyByteBuffer();
            sha.update(bytes.duplicate());
            while (bytes.hasRemaining()) {
              out.write(bytes);
            }
            received += part.getChunk().size();
            progress.accept(received);
          }
          case TRAILER -> {
            if (header == null) {
              throw new IOException("snapshot stream: trailer without a header");
            }
            byte[] expected = part.getTrailer().getSha256().toByteArray();
            byte[] actual = sha.digest();
            if (!Arrays.equals(expected, actual) || received != header.getSize()) {
              throw new IOException(
                  "snapshot checksum or size mismatch: got "
                      + received
                      + " of "
                      + header.getSize()
                      + " bytes");
            }
            out.force(true);
            return new SnapshotMeta(
                header.getMemberId(),
                header.getAppliedTerm(),
                header.getAppliedIndex(),
                header.getRevision(),
                received,
                actual);
          }
          default -> throw new IOException("snapshot stream: unknown part " + part.getPartCase());
        }
      }
      throw new IOException("snapshot stream ended without a trailer");
    } catch (StatusRuntimeException e) {
      Files.deleteIfExists(file);
      throw new IOException("snapshot download failed: " + e.getStatus(), e);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    } finally {
      call.detach(previous);
      call.cancel(null); // ends the stream if we stopped reading early
    }
  }

  /** SHA-256 of the file at {@code file}. */
  public static byte[] sha256Of(Path file) throws IOException {
    MessageDigest sha = sha256();
    try (var in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        sha.update(buf, 0, n);
      }
    }
    return sha.digest();
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
