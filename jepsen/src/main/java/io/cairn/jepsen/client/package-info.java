/**
 * The recording client: every operation a worker performs is written to the history as an invoke
 * and a completion, with times in nanoseconds since the test started (one clock for all workers).
 * Outcomes map to Jepsen types: a definite non-effect ({@code CairnUnavailableException}, {@code
 * CairnRejectedException}, a cas whose compare failed) is {@code fail}; anything that may have
 * applied ({@code CairnIndeterminateException}, timeouts, unexpected errors) is {@code info}, after
 * which the worker continues under a fresh process number, as Jepsen does.
 */
package io.cairn.jepsen.client;
