package io.cairn.statemachine;

import com.google.protobuf.ByteString;
import io.cairn.statemachine.proto.Command;
import io.cairn.statemachine.proto.Compare;
import io.cairn.statemachine.proto.DeleteRange;
import io.cairn.statemachine.proto.Entry;
import io.cairn.statemachine.proto.LeaseList;
import io.cairn.statemachine.proto.Op;
import io.cairn.statemachine.proto.Put;
import io.cairn.statemachine.proto.Query;
import io.cairn.statemachine.proto.Range;
import io.cairn.statemachine.proto.Txn;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Test shorthands for building log commands. */
public final class Commands {
  public static final ByteString FROM_KEY = ByteString.copyFrom(new byte[] {0});

  private Commands() {}

  public static ByteString bs(String s) {
    return ByteString.copyFrom(s, StandardCharsets.UTF_8);
  }

  public static ByteString bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return ByteString.copyFrom(b);
  }

  public static Put put(String key, String value) {
    return Put.newBuilder().setKey(bs(key)).setValue(bs(value)).build();
  }

  public static Command cmd(Put put) {
    return Command.newBuilder().setPut(put).build();
  }

  public static Command cmd(DeleteRange delete) {
    return Command.newBuilder().setDeleteRange(delete).build();
  }

  public static Command cmd(Txn txn) {
    return Command.newBuilder().setTxn(txn).build();
  }

  public static Command putCmd(String key, String value) {
    return cmd(put(key, value));
  }

  public static DeleteRange delete(ByteString key, ByteString rangeEnd) {
    return DeleteRange.newBuilder().setKey(key).setRangeEnd(rangeEnd).build();
  }

  public static Range range(ByteString key, ByteString rangeEnd) {
    return Range.newBuilder().setKey(key).setRangeEnd(rangeEnd).build();
  }

  public static Query query(Range range) {
    return Query.newBuilder().setRange(range).build();
  }

  /** Every key. */
  public static Query all() {
    return query(range(FROM_KEY, FROM_KEY));
  }

  public static Compare compare(
      String key, Compare.Target target, Compare.Result result, long number) {
    return Compare.newBuilder()
        .setKey(bs(key))
        .setTarget(target)
        .setResult(result)
        .setNumber(number)
        .build();
  }

  public static Compare valueCompare(String key, Compare.Result result, String value) {
    return Compare.newBuilder()
        .setKey(bs(key))
        .setTarget(Compare.Target.VALUE)
        .setResult(result)
        .setValue(bs(value))
        .build();
  }

  public static Op op(Put put) {
    return Op.newBuilder().setPut(put).build();
  }

  public static Op op(Range range) {
    return Op.newBuilder().setRange(range).build();
  }

  public static Op op(DeleteRange delete) {
    return Op.newBuilder().setDeleteRange(delete).build();
  }

  public static Entry entry(long leaderTimeMs, List<Command> commands) {
    return Entry.newBuilder()
        .setFormat(LogFormat.V1)
        .setLeaderTimeMs(leaderTimeMs)
        .addAllCommands(commands)
        .build();
  }

  public static Query leaseList() {
    return Query.newBuilder().setLeaseList(LeaseList.getDefaultInstance()).build();
  }
}
