/**
 * Maintenance of a member's store: the {@code cairn.v1.Maintenance} service streaming a consistent
 * compact LMDB copy, the download that verifies such a stream (followers catching up, backups), and
 * the offline restore of a backup into a new data directory. A copy always describes itself: its
 * applied Raft (term, index) and revision come from its own meta table.
 */
package io.cairn.server.maintenance;
