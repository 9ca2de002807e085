package io.cairn.statemachine.store;

import static io.cairn.statemachine.Commands.FROM_KEY;
import static io.cairn.statemachine.Commands.bs;
import static io.cairn.statemachine.Commands.bytes;

import com.google.protobuf.ByteString;
import io.cairn.statemachine.Commands;
import io.cairn.statemachine.proto.Command;
import io.cairn.statemachine.proto.Compact;
import io.cairn.statemachine.proto.Compare;
import io.cairn.statemachine.proto.DeleteRange;
import io.cairn.statemachine.proto.Entry;
import io.cairn.statemachine.proto.LeaseGrant;
import io.cairn.statemachine.proto.LeaseRevoke;
import io.cairn.statemachine.proto.Op;
import io.cairn.statemachine.proto.Put;
import io.cairn.statemachine.proto.Range;
import io.cairn.statemachine.proto.Txn;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Turns generated ints into commands over a small key space (so commands collide), one int per
 * command: QuickTheories shrinks the list, and each command stays reproducible from its int.
 */
final class RandomCommands {
  private static final List<ByteString> KEYS =
      List.of(bs("a"), bs("b"), bs("c"), bs("d"), bytes(0x80, 0x01));
  private static final List<ByteString> VALUES = List.of(bs("0"), bs("1"), bytes(0xff));

  private RandomCommands() {}

  static List<Command> commands(List<Integer> seeds) {
    return seeds.stream().map(RandomCommands::command).toList();
  }

  /** Groups commands into entries of {@code perEntry} commands, indices 1, 2, ... */
  static List<LoggedEntry> entries(List<Command> commands, int perEntry) {
    List<LoggedEntry> out = new ArrayList<>();
    for (int i = 0; i < commands.size(); i += perEntry) {
      List<Command> chunk = commands.subList(i, Math.min(commands.size(), i + perEntry));
      Entry e = Commands.entry(1_000_000, chunk);
      out.add(new LoggedEntry(1 + out.size() / 4, out.size() + 1, e));
    }
    return out;
  }

  /** A random range (possibly at a past revision) for checking reads. */
  static Range range(int seed) {
    return range(new Random(seed));
  }

  static Command command(int seed) {
    Random r = new Random(seed);
    int kind = r.nextInt(14);
    if (kind < 4) {
      return Command.newBuilder().setPut(put(r)).build();
    } else if (kind < 6) {
      return Command.newBuilder().setDeleteRange(delete(r)).build();
    } else if (kind < 8) {
      return Command.newBuilder()
          .setLeaseGrant(LeaseGrant.newBuilder().setId(lease(r)).setTtlSeconds(1 + r.nextInt(9)))
          .build();
    } else if (kind < 9) {
      // Also how the leader expires a lease.
      return Command.newBuilder().setLeaseRevoke(LeaseRevoke.newBuilder().setId(lease(r))).build();
    } else if (kind < 10) {
      return Command.newBuilder().setCompact(Compact.newBuilder().setRevision(revision(r))).build();
    }
    Txn.Builder txn = Txn.newBuilder();
    for (int i = r.nextInt(3); i > 0; i--) {
      txn.addCompare(compare(r));
    }
    for (int i = r.nextInt(4); i > 0; i--) {
      txn.addSuccess(op(r));
    }
    for (int i = r.nextInt(3); i > 0; i--) {
      txn.addFailure(op(r));
    }
    return Command.newBuilder().setTxn(txn).build();
  }

  /** Mostly existing-looking ids, sometimes 0 (any id, or none for a put). */
  private static long lease(Random r) {
    return r.nextInt(4);
  }

  /** Small revisions: around the current one in short sequences, so all outcomes occur. */
  private static long revision(Random r) {
    return r.nextInt(16);
  }

  private static ByteString key(Random r) {
    return KEYS.get(r.nextInt(KEYS.size()));
  }

  private static ByteString end(Random r) {
    return switch (r.nextInt(3)) {
      case 0 -> ByteString.EMPTY;
      case 1 -> FROM_KEY;
      default -> key(r);
    };
  }

  private static Put put(Random r) {
    return Put.newBuilder()
        .setKey(key(r))
        .setValue(VALUES.get(r.nextInt(VALUES.size())))
        .setPrevKv(r.nextBoolean())
        .setLease(r.nextInt(3) == 0 ? lease(r) : 0)
        .build();
  }

  private static DeleteRange delete(Random r) {
    return DeleteRange.newBuilder()
        .setKey(key(r))
        .setRangeEnd(end(r))
        .setPrevKvs(r.nextBoolean())
        .build();
  }

  private static Range range(Random r) {
    return Range.newBuilder()
        .setKey(key(r))
        .setRangeEnd(end(r))
        .setLimit(r.nextInt(4))
        .setKeysOnly(r.nextInt(4) == 0)
        .setCountOnly(r.nextInt(4) == 0)
        .setRevision(r.nextInt(3) == 0 ? revision(r) : 0)
        .build();
  }

  private static Compare compare(Random r) {
    Compare.Builder c =
        Compare.newBuilder()
            .setKey(key(r))
            .setResult(Compare.Result.forNumber(r.nextInt(4)))
            .setTarget(Compare.Target.forNumber(r.nextInt(4)));
    if (c.getTarget() == Compare.Target.VALUE) {
      c.setValue(VALUES.get(r.nextInt(VALUES.size())));
    } else {
      c.setNumber(r.nextInt(5));
    }
    return c.build();
  }

  private static Op op(Random r) {
    return switch (r.nextInt(3)) {
      case 0 -> Op.newBuilder().setPut(put(r)).build();
      case 1 -> Op.newBuilder().setDeleteRange(delete(r)).build();
      default -> Op.newBuilder().setRange(range(r)).build();
    };
  }
}
