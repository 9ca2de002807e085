/**
 * Client-level integration tests: the public Java client (watches, leases, lock and election
 * recipes) against an in-process cluster, across leader failover and restarts.
 */
package io.cairn.server.client;
