/**
 * One {@code cairn jepsen run}: sets up the network and node processes, runs the workload's workers
 * and the nemesis for the requested time (the last part healed), performs the final requests, stops
 * everything, checks the history and writes {@code DIR/<run-id>/} (history.jsonl, results.json,
 * report.html, logs/). Cleanup happens in finally blocks and in a shutdown hook.
 */
package io.cairn.jepsen.run;
