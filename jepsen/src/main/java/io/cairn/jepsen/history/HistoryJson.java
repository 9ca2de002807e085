package io.cairn.jepsen.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON mapping of one {@link Op}; field names are fixed by docs/history-format.md. */
final class HistoryJson {
  // Integers always become Long so a value read back equals the value written.
  static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);

  private HistoryJson() {}

  static String toLine(Op op) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("index", op.index());
    m.put("time", op.time());
    m.put("type", op.type().wire());
    m.put("process", op.process());
    m.put("f", op.f());
    if (op.key() != null) {
      m.put("key", op.key());
    }
    m.put("value", op.value());
    if (op.error() != null) {
      m.put("error", op.error());
    }
    if (op.node() != null) {
      m.put("node", op.node());
    }
    if (op.revision() != null) {
      m.put("revision", op.revision());
    }
    try {
      return MAPPER.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("value of op " + op.index() + " is not JSON-mappable", e);
    }
  }

  static Op fromLine(String line, int position) {
    JsonNode n;
    try {
      n = MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    JsonNode p = required(n, "process");
    Object process =
        p.isIntegralNumber()
            ? Integer.valueOf(p.intValue())
            : p.isTextual() ? p.textValue() : invalid("process", p);
    JsonNode idx = n.get("index");
    JsonNode rev = n.get("revision");
    return new Op(
        idx == null || idx.isNull() ? position : idx.intValue(),
        n.path("time").asLong(0),
        Op.Type.fromWire(required(n, "type").asText()),
        process,
        required(n, "f").asText(),
        text(n, "key"),
        n.has("value") ? MAPPER.convertValue(n.get("value"), Object.class) : null,
        text(n, "error"),
        text(n, "node"),
        rev == null || rev.isNull() ? null : rev.longValue());
  }

  private static JsonNode required(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("missing \"" + field + "\"");
    }
    return v;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static Object invalid(String field, JsonNode v) {
    throw new IllegalArgumentException("bad \"" + field + "\": " + v);
  }
}
