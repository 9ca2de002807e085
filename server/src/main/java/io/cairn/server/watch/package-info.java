/**
 * Watches: any member serves them from its own applied state.
 *
 * <p>{@link io.cairn.server.watch.WatchHub} hears every applied entry as a state-machine listener
 * (the apply thread only queues), and its one thread owns every watch: catch-up from history, the
 * switch to the live feed without gaps or duplicates, fan-out, progress notifications and
 * cancellation. Guarantees per watch: events in revision order, each once, all events of one
 * revision in one response. Outbound responses wait in a bounded per-stream queue drained by gRPC's
 * readiness; a watch that overflows it is canceled ("slow consumer"), never slowing the others or
 * apply.
 */
package io.cairn.server.watch;
