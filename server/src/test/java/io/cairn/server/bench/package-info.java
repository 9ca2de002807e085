/** Benchmarks run by hand (main methods, never tests): numbers, not assertions. */
package io.cairn.server.bench;
