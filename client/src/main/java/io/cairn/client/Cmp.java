package io.cairn.client;

import io.cairn.api.v1.Compare;
import io.cairn.api.v1.Compare.CompareResult;
import io.cairn.api.v1.Compare.CompareTarget;

/**
 * A condition of a transaction, e.g. {@code Cmp.value(k).equal(v)} or {@code
 * Cmp.version(k).equal(0)} ("k does not exist"). A missing key has version, create and mod revision
 * 0; a value compare on a missing key holds only for {@code notEqual}.
 */
public final class Cmp {
  private final Compare proto;

  private Cmp(Compare proto) {
    this.proto = proto;
  }

  /** Compares the key's value. */
  public static ValueTarget value(Bytes key) {
    return new ValueTarget(key);
  }

  /** Compares the key's version (number of puts since creation; 0 if missing). */
  public static NumberTarget version(Bytes key) {
    return new NumberTarget(key, CompareTarget.VERSION);
  }

  /** Compares the revision that created the key (0 if missing). */
  public static NumberTarget createRevision(Bytes key) {
    return new NumberTarget(key, CompareTarget.CREATE);
  }

  /** Compares the revision of the key's last put (0 if missing). */
  public static NumberTarget modRevision(Bytes key) {
    return new NumberTarget(key, CompareTarget.MOD);
  }

  Compare toProto() {
    return proto;
  }

  @Override
  public String toString() {
    return proto.getTarget()
        + "("
        + Bytes.wrap(proto.getKey())
        + ") "
        + proto.getResult()
        + " "
        + switch (proto.getTargetUnionCase()) {
          case VALUE -> Bytes.wrap(proto.getValue()).toString();
          case VERSION -> Long.toString(proto.getVersion());
          case CREATE_REVISION -> Long.toString(proto.getCreateRevision());
          case MOD_REVISION -> Long.toString(proto.getModRevision());
          case TARGETUNION_NOT_SET -> "?";
        };
  }

  /** The operand side of a value compare. */
  public static final class ValueTarget {
    private final Bytes key;

    private ValueTarget(Bytes key) {
      this.key = key;
    }

    public Cmp equal(Bytes value) {
      return build(CompareResult.EQUAL, value);
    }

    public Cmp notEqual(Bytes value) {
      return build(CompareResult.NOT_EQUAL, value);
    }

    public Cmp greater(Bytes value) {
      return build(CompareResult.GREATER, value);
    }

    public Cmp less(Bytes value) {
      return build(CompareResult.LESS, value);
    }

    private Cmp build(CompareResult result, Bytes value) {
      return new Cmp(
          Compare.newBuilder()
              .setKey(key.byteString())
              .setTarget(CompareTarget.VALUE)
              .setResult(result)
              .setValue(value.byteString())
              .build());
    }
  }

  /** The operand side of a version or revision compare. */
  public static final class NumberTarget {
    private final Bytes key;
    private final CompareTarget target;

    private NumberTarget(Bytes key, CompareTarget target) {
      this.key = key;
      this.target = target;
    }

    public Cmp equal(long operand) {
      return build(CompareResult.EQUAL, operand);
    }

    public Cmp notEqual(long operand) {
      return build(CompareResult.NOT_EQUAL, operand);
    }

    public Cmp greater(long operand) {
      return build(CompareResult.GREATER, operand);
    }

    public Cmp less(long operand) {
      return build(CompareResult.LESS, operand);
    }

    private Cmp build(CompareResult result, long operand) {
      Compare.Builder b =
          Compare.newBuilder().setKey(key.byteString()).setTarget(target).setResult(result);
      switch (target) {
        case VERSION -> b.setVersion(operand);
        case CREATE -> b.setCreateRevision(operand);
        case MOD -> b.setModRevision(operand);
        default -> throw new IllegalStateException("not a number target: " + target);
      }
      return new Cmp(b.build());
    }
  }
}
