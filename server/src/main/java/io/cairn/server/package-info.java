/**
 * A Cairn node: one Ratis {@code RaftServer} (peer port) plus Cairn's gRPC services (client port)
 * over one data directory ({@code DATA/ratis} for the Raft log, {@code DATA/lmdb} for the store).
 *
 * <p>{@link io.cairn.server.ServerConfig} describes a node and validates itself; {@link
 * io.cairn.server.CairnServer#start} starts one and {@link io.cairn.server.CairnServer#close} stops
 * it gracefully; {@link io.cairn.server.Main} is the command-line entry point. A data directory is
 * bound to one node id of one cluster and refuses to start as anything else.
 */
package io.cairn.server;
