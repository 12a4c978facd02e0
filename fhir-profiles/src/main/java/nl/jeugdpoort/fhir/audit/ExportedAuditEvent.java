package nl.jeugdpoort.fhir.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * What the offline verifier reads of one exported AuditEvent (one NDJSON line), read with Jackson's
 * streaming parser straight from the line's UTF-8 bytes: no tree of the event is built and every
 * element the verifier does not check is skipped. Each line is still parsed completely, so a line
 * that is not JSON, or has anything after its one JSON object, is found.
 *
 * <p>Where an element occurs twice, the later one counts (as in a parsed tree); a value that should
 * be text but is an object or array reads as the empty string, JSON {@code null} as absent.
 *
 * @param resourceType {@code resourceType}
 * @param id {@code id}
 * @param recorded {@code recorded}
 * @param action {@code action}
 * @param outcomeDesc {@code outcomeDesc}
 * @param subtype the code of the {@code subtype} coding of the Jeugdpoort subtype system
 * @param chain the parts of the {@value AuditChain#EXTENSION} extension, null when absent
 * @param shownTrace the trace id the {@code trace-context} entity shows
 * @param shownSpan the span id it shows
 */
record ExportedAuditEvent(
    String resourceType,
    String id,
    String recorded,
    String action,
    String outcomeDesc,
    String subtype,
    Chain chain,
    String shownTrace,
    String shownSpan) {

  /** The parts of the chain extension, each as text (null when absent). */
  record Chain(String seq, String prevHash, String hash, String form, String canonical) {}

  private static final JsonFactory JSON = new JsonFactory();
  private static final String SUBTYPE_SYSTEM = "/CodeSystem/audit-event-subtype";
  private static final String TRACE = "trace-context";
  private static final String CHAIN = AuditChain.EXTENSION;

  /**
   * Reads the line {@code bytes[from..to)}.
   *
   * @throws IOException when it is not JSON
   */
  static ExportedAuditEvent read(byte[] bytes, int from, int to) throws IOException {
    try (JsonParser p = JSON.createParser(bytes, from, to - from)) {
      Builder b = new Builder();
      if (p.nextToken() != JsonToken.START_OBJECT) {
        p.skipChildren();
        requireEnd(p);
        return b.build();
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        switch (name) {
          case "resourceType" -> b.resourceType = text(p, t);
          case "id" -> b.id = text(p, t);
          case "recorded" -> b.recorded = text(p, t);
          case "action" -> b.action = text(p, t);
          case "outcomeDesc" -> b.outcomeDesc = text(p, t);
          // A repeated array replaces the earlier one as a whole, as in a tree.
          case "subtype" -> {
            b.subtype = null;
            subtypes(p, t, b);
          }
          case "entity" -> {
            b.shownTrace = null;
            b.shownSpan = null;
            entities(p, t, b);
          }
          case "extension" -> {
            b.chain = null;
            extensions(p, t, b);
          }
          default -> p.skipChildren();
        }
      }
      requireEnd(p);
      return b.build();
    }
  }

  private static final class Builder {
    String resourceType;
    String id;
    String recorded;
    String action;
    String outcomeDesc;
    String subtype;
    Chain chain;
    String shownTrace;
    String shownSpan;

    ExportedAuditEvent build() {
      return new ExportedAuditEvent(
          resourceType, id, recorded, action, outcomeDesc, subtype, chain, shownTrace, shownSpan);
    }
  }

  /**
   * Nothing may follow the line's one JSON value (else a second event could hide behind the first,
   * e.g. after a lone carriage return that other tools read as a line break).
   */
  static void requireEnd(JsonParser p) throws IOException {
    if (p.nextToken() != null) {
      throw new JsonParseException(p, "content after the JSON object");
    }
  }

  /** A scalar's text; "" for an object or array (skipped), null for JSON null. */
  private static String text(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
      p.skipChildren();
      return "";
    }
    return t == JsonToken.VALUE_NULL ? null : p.getText();
  }

  /** Calls {@code element} for each object of an array; anything else is skipped. */
  private static void objects(JsonParser p, JsonToken t, Element element) throws IOException {
    if (t != JsonToken.START_ARRAY) {
      p.skipChildren();
      return;
    }
    JsonToken item;
    while ((item = p.nextToken()) != JsonToken.END_ARRAY) {
      if (item == JsonToken.START_OBJECT) {
        element.read();
      } else {
        p.skipChildren();
      }
    }
  }

  @FunctionalInterface
  private interface Element {
    void read() throws IOException;
  }

  private static void subtypes(JsonParser p, JsonToken t, Builder b) throws IOException {
    objects(
        p,
        t,
        () -> {
          String system = "";
          String code = null;
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
              case "system" -> system = text(p, v);
              case "code" -> code = text(p, v);
              default -> p.skipChildren();
            }
          }
          if (system != null && system.endsWith(SUBTYPE_SYSTEM)) {
            b.subtype = code;
          }
        });
  }

  private static void entities(JsonParser p, JsonToken t, Builder b) throws IOException {
    objects(
        p,
        t,
        () -> {
          String name = null;
          boolean hasTrace = false;
          boolean hasSpan = false;
          String trace = null;
          String span = null;
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if ("name".equals(field)) {
              name = text(p, v);
            } else if ("detail".equals(field) && name != null && !TRACE.equals(name)) {
              p.skipChildren(); // the name came first (HAPI's order): not the trace context
            } else if ("detail".equals(field)) {
              String[] found = new String[2];
              boolean[] has = new boolean[2];
              objects(
                  p,
                  v,
                  () -> {
                    String type = null;
                    String value = null;
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                      String f = p.currentName();
                      JsonToken w = p.nextToken();
                      switch (f) {
                        case "type" -> type = text(p, w);
                        case "valueString" -> value = text(p, w);
                        default -> p.skipChildren();
                      }
                    }
                    if ("trace-id".equals(type)) {
                      has[0] = true;
                      found[0] = value;
                    } else if ("span-id".equals(type)) {
                      has[1] = true;
                      found[1] = value;
                    }
                  });
              // A later "detail" of the same entity replaces an earlier one, as in a tree.
              hasTrace = has[0];
              trace = found[0];
              hasSpan = has[1];
              span = found[1];
            } else {
              p.skipChildren();
            }
          }
          if (TRACE.equals(name)) {
            if (hasTrace) {
              b.shownTrace = trace;
            }
            if (hasSpan) {
              b.shownSpan = span;
            }
          }
        });
  }

  private static void extensions(JsonParser p, JsonToken t, Builder b) throws IOException {
    objects(
        p,
        t,
        () -> {
          String url = "";
          Chain parts = new Chain(null, null, null, null, null);
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if ("url".equals(field)) {
              url = text(p, v);
            } else if ("extension".equals(field) && !"".equals(url) && !CHAIN.equals(url)) {
              p.skipChildren(); // the url came first (HAPI's order): not the chain extension
            } else if ("extension".equals(field)) {
              parts = chainParts(p, v);
            } else {
              p.skipChildren();
            }
          }
          if (CHAIN.equals(url)) {
            b.chain = parts;
          }
        });
  }

  private static Chain chainParts(JsonParser p, JsonToken t) throws IOException {
    String[] v = new String[5];
    objects(
        p,
        t,
        () -> {
          String url = "";
          String decimal = null;
          String string = null;
          String integer = null;
          String base64 = null;
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken w = p.nextToken();
            switch (field) {
              case "url" -> url = text(p, w);
              case "valueDecimal" -> decimal = text(p, w);
              case "valueString" -> string = text(p, w);
              case "valueInteger" -> integer = text(p, w);
              case "valueBase64Binary" -> base64 = text(p, w);
              default -> p.skipChildren();
            }
          }
          switch (url == null ? "" : url) {
            case "seq" -> v[0] = decimal;
            case "prevHash" -> v[1] = string;
            case "hash" -> v[2] = string;
            case "form" -> v[3] = integer;
            case "canonical" -> v[4] = base64;
            default -> {}
          }
        });
    return new Chain(v[0], v[1], v[2], v[3], v[4]);
  }
}
