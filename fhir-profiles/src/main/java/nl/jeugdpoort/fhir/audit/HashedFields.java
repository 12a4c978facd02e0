package nl.jeugdpoort.fhir.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The top-level fields of canonical form-2 or form-3 bytes (docs/audit.md) that the offline
 * verifier cross-checks against the exported AuditEvent, read with Jackson's streaming parser: each
 * as its text, JSON {@code null} as a present field without text, an object or array as the empty
 * string (as a parsed tree reads them); a field that occurs twice counts with its later value. The
 * other fields are only hashed, not read.
 */
final class HashedFields {
  private static final JsonFactory JSON = new JsonFactory();

  private Long seq;
  private String prevHash;
  private boolean prevHashIsString;
  String id;
  String action;
  String eventType;
  String detail;
  String recordedAt;
  private Text traceId;
  private Text spanId;

  /** A field's text and whether it was a JSON string. */
  private record Text(String text, boolean string) {}

  private HashedFields() {}

  /**
   * Reads {@code canonical}.
   *
   * @throws IllegalArgumentException when the bytes are not JSON
   */
  static HashedFields read(byte[] canonical) {
    HashedFields f = new HashedFields();
    try (JsonParser p = JSON.createParser(canonical)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        p.skipChildren();
        ExportedAuditEvent.requireEnd(p);
        return f;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        if ("seq".equals(name)) {
          f.seq =
              t == JsonToken.VALUE_NUMBER_INT
                      && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                  ? p.getLongValue()
                  : null;
          p.skipChildren();
          continue;
        }
        String value;
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
          p.skipChildren();
          value = "";
        } else {
          value = t == JsonToken.VALUE_NULL ? null : p.getText();
        }
        boolean string = t == JsonToken.VALUE_STRING;
        switch (name) {
          case "prevHash" -> {
            f.prevHash = value;
            f.prevHashIsString = string;
          }
          case "id" -> f.id = value;
          case "action" -> f.action = value;
          case "eventType" -> f.eventType = value;
          case "detail" -> f.detail = value;
          case "recordedAt" -> f.recordedAt = value;
          case "traceId" -> f.traceId = new Text(value, string);
          case "spanId" -> f.spanId = new Text(value, string);
          default -> {}
        }
      }
      ExportedAuditEvent.requireEnd(p);
      return f;
    } catch (IOException e) {
      throw new IllegalArgumentException("canonical bytes unreadable: " + e.getMessage(), e);
    }
  }

  /**
   * The link the bytes state.
   *
   * @throws IllegalArgumentException when they state no integral seq or no textual prev hash
   */
  AuditChain.Link link() {
    if (seq == null || !prevHashIsString) {
      throw new IllegalArgumentException("no seq or prevHash in the canonical JSON");
    }
    return new AuditChain.Link(seq, prevHash);
  }

  /** The trace id if it is a JSON string, else null. */
  String traceId() {
    return traceId != null && traceId.string() ? traceId.text() : null;
  }

  /** The span id if it is a JSON string, else null. */
  String spanId() {
    return spanId != null && spanId.string() ? spanId.text() : null;
  }

  /** Whether both the trace id and the span id are present (JSON null included). */
  boolean hasTraceContext() {
    return traceId != null && spanId != null;
  }
}
