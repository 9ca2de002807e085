package io.cairn.jepsen.workload;

/** One operation a worker is about to invoke: Jepsen's {@code f}, an optional key and a value. */
public record Request(String f, String key, Object value) {}
