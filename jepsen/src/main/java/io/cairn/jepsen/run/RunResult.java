package io.cairn.jepsen.run;

import io.cairn.jepsen.workload.Validity;
import java.nio.file.Path;

/** Where a run wrote its files and what the checkers decided. */
public record RunResult(Path dir, Validity valid) {}
