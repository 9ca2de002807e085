/**
 * {@code cairn local}: a cluster of node processes on this machine, identified by its data
 * directory (layout file, per-node pid file and node.log). Stopping is SIGTERM with a grace period,
 * then SIGKILL.
 */
package io.cairn.cli.local;
