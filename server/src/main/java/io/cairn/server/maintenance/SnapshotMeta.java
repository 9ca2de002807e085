package io.cairn.server.maintenance;

import java.util.HexFormat;

/**
 * What a downloaded snapshot holds and its checksum.
 *
 * @param memberId the member that made the copy
 * @param appliedTerm term of the last Raft entry applied in the copy
 * @param appliedIndex index of that entry
 * @param revision store revision of the copy
 * @param size file size in bytes
 * @param sha256 SHA-256 of the file
 */
public record SnapshotMeta(
    String memberId, long appliedTerm, long appliedIndex, long revision, long size, byte[] sha256) {

  public SnapshotMeta {
    sha256 = sha256.clone();
  }

  @Override
  public byte[] sha256() {
    return sha256.clone();
  }

  public String sha256Hex() {
    return HexFormat.of().formatHex(sha256);
  }
}
