/**
 * Automatic compaction: the leader proposes {@code Compact} commands by a retention (a revision
 * count or a time period); the state machine does the bounded physical deletion.
 */
package io.cairn.server.compaction;
