package io.cairn.statemachine.bench;

import io.cairn.statemachine.proto.CommandResult;
import io.cairn.statemachine.proto.Entry;
import io.cairn.statemachine.proto.EntryResult;
import io.cairn.statemachine.proto.PutResult;
import io.cairn.statemachine.ratis.RatisBytes;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * An entry of {@code commands} puts (and its {@link EntryResult}) through the conversions the
 * replication path makes: {@link RatisBytes#toShaded} when the proposer writes log data or the
 * state machine answers, {@link RatisBytes#parse} when a follower applies an entry or the server
 * reads a reply. Scores are entries (or results) per second; divide by {@code commands} for one
 * command. 256 commands of 16 KiB is 4 MiB, above {@code Limits.MAX_ENTRY_BYTES}: a proposer never
 * builds it, it shows the codec's size scaling only.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class CommandCodecBenchmark {
  @Param({"1", "16", "256"})
  public int commands;

  @Param({"100", "16384"})
  public int valueBytes;

  Entry entry;
  EntryResult result;
  ByteString entryBytes;
  ByteString resultBytes;

  @Setup(Level.Trial)
  public void build() {
    entry = new Workload(7, valueBytes, 256).nextEntry(commands, 1_700_000_000_000L);
    // What apply answers for plain puts: the revision and an empty put result.
    EntryResult.Builder r = EntryResult.newBuilder();
    for (int i = 0; i < commands; i++) {
      r.addResults(
          CommandResult.newBuilder()
              .setRevision(1_000_000L + i)
              .setPut(PutResult.getDefaultInstance()));
    }
    result = r.build();
    entryBytes = RatisBytes.toShaded(entry);
    resultBytes = RatisBytes.toShaded(result);
  }

  @Benchmark
  public ByteString encodeEntry() {
    return RatisBytes.toShaded(entry);
  }

  @Benchmark
  public Entry decodeEntry() throws IOException {
    return RatisBytes.parse(entryBytes, Entry.parser());
  }

  @Benchmark
  public ByteString encodeResult() {
    return RatisBytes.toShaded(result);
  }

  @Benchmark
  public EntryResult decodeResult() throws IOException {
    return RatisBytes.parse(resultBytes, EntryResult.parser());
  }
}
