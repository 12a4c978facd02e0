package nl.jeugdpoort.connectors.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Resource;

/**
 * One page of a search answer, read as a stream: entries are taken one at a time and only those of
 * the wanted type and search mode {@code match} (or none) that pass the check are parsed and kept,
 * up to a bound; the rest of the page is skipped without building it in memory. {@code
 * OperationOutcome}s, {@code _include}d and other-type entries are counted as dropped, never kept.
 *
 * @param kept the resources kept
 * @param dropped entries left out (wrong type, search mode include/outcome, failed the check, no
 *     resource)
 * @param total {@code Bundle.total}, or -1
 * @param next the {@code next} link, or null
 * @param more true when the bound was reached and the page held another candidate entry
 * @param entries the number of entries seen on this page
 */
record SearchPage(
    List<Resource> kept, int dropped, int total, String next, boolean more, int entries) {

  private static final JsonFactory JSON = new ObjectMapper().getFactory();

  /**
   * Reads a search answer.
   *
   * @throws SourceAnswer.Final a bad answer: not JSON, not a Bundle, a malformed resource
   */
  static SearchPage read(
      FhirContext fhir, byte[] body, String type, Predicate<Resource> belongs, int room) {
    IParser parser = fhir.newJsonParser();
    List<Resource> kept = new ArrayList<>();
    int dropped = 0;
    int total = -1;
    int entries = 0;
    String next = null;
    boolean more = false;
    String resourceType = null;
    try (JsonParser json = JSON.createParser(body)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        throw SourceAnswer.bad("the answer is not a JSON object");
      }
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        JsonToken value = json.nextToken();
        switch (field) {
          case "resourceType" -> resourceType = json.getValueAsString();
          case "total" -> total = value == JsonToken.VALUE_NUMBER_INT ? json.getIntValue() : -1;
          case "link" -> next = nextLink(json, value);
          case "entry" -> {
            if (value != JsonToken.START_ARRAY) {
              throw SourceAnswer.bad("Bundle.entry is not an array");
            }
            while (json.nextToken() == JsonToken.START_OBJECT) {
              entries++;
              if (more) {
                json.skipChildren();
                continue;
              }
              JsonNode entry = json.readValueAsTree();
              JsonNode resource = entry.get("resource");
              String mode = entry.path("search").path("mode").asText("match");
              if (resource == null
                  || !type.equals(resource.path("resourceType").asText())
                  || !"match".equals(mode)) {
                dropped++;
                continue;
              }
              if (kept.size() >= room) {
                more = true;
                continue;
              }
              Resource parsed = parse(parser, resource, type);
              if (belongs.test(parsed)) {
                kept.add(parsed);
              } else {
                dropped++;
              }
            }
          }
          default -> json.skipChildren();
        }
      }
    } catch (IOException e) {
      // The parser's message may quote the source's content; only the position is passed on.
      var at =
          e instanceof com.fasterxml.jackson.core.JsonProcessingException p
              ? p.getLocation()
              : null;
      throw SourceAnswer.bad(
          "the answer is not valid JSON"
              + (at == null
                  ? ""
                  : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
    }
    if (!"Bundle".equals(resourceType)) {
      throw SourceAnswer.bad(
          "a "
              + (resourceType == null ? "JSON object without resourceType" : resourceType)
              + " where a search Bundle was expected");
    }
    return new SearchPage(kept, dropped, total, next, more, entries);
  }

  private static String nextLink(JsonParser json, JsonToken value) throws IOException {
    if (value != JsonToken.START_ARRAY) {
      json.skipChildren();
      return null;
    }
    String next = null;
    while (json.nextToken() == JsonToken.START_OBJECT) {
      JsonNode link = json.readValueAsTree();
      if ("next".equals(link.path("relation").asText()) && link.path("url").isTextual()) {
        next = link.path("url").asText();
      }
    }
    return next;
  }

  private static Resource parse(IParser parser, JsonNode resource, String type) {
    try {
      IBaseResource parsed = parser.parseResource(resource.toString());
      if (parsed instanceof Resource r && type.equals(r.fhirType())) {
        return r;
      }
      throw SourceAnswer.bad("an entry of type " + type + " could not be read as one");
    } catch (DataFormatException e) {
      // HAPI's message may quote the content; it is not passed on.
      throw SourceAnswer.bad("a malformed " + type + " resource in the search answer");
    }
  }
}
