package io.cairn.statemachine.ratis;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;

/**
 * The only place that converts between Ratis's shaded {@code ByteString} and protobuf-java
 * messages: one copy at the boundary, none hidden elsewhere.
 */
public final class RatisBytes {
  private RatisBytes() {}

  /** Serializes {@code message} into a Ratis {@link Message}. */
  public static Message toMessage(MessageLite message) {
    return Message.valueOf(toShaded(message));
  }

  /** Serializes {@code message} into a shaded {@code ByteString} (e.g. for log data). */
  public static ByteString toShaded(MessageLite message) {
    // The array is fresh and never modified again, so wrapping without a copy is safe.
    return UnsafeByteOperations.unsafeWrap(message.toByteArray());
  }

  /** Parses a Ratis message's content with {@code parser} (e.g. {@code Entry.parser()}). */
  public static <T> T parse(Message message, Parser<T> parser)
      throws InvalidProtocolBufferException {
    return parse(message.getContent(), parser);
  }

  /** Parses shaded bytes with {@code parser}, without copying them. */
  public static <T> T parse(ByteString bytes, Parser<T> parser)
      throws InvalidProtocolBufferException {
    return parser.parseFrom(bytes.asReadOnlyByteBuffer());
  }
}
