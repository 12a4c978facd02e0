package nl.jeugdpoort.gateway.flow;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Resource;

/**
 * Rule P2 applied to FHIR: keeps only the elements on the purpose's allow-list (plus resourceType, id
 * and meta's tags and security labels) and removes everything else, including the primitive extensions
 * ({@code _element}) of removed elements. The policy decides; this class only applies.
 */
public final class Minimiser {
  private static final Set<String> ALWAYS = Set.of("resourceType", "id", "meta");
  private static final ObjectMapper JSON = new ObjectMapper();
  private final FhirContext fhir;

  public Minimiser(FhirContext fhir) {
    this.fhir = fhir;
  }

  /** A copy of {@code resource} with only {@code allowedElements}. */
  public Resource minimise(Resource resource, Set<String> allowedElements) {
    IParser parser = fhir.newJsonParser();
    try {
      ObjectNode tree = (ObjectNode) JSON.readTree(parser.encodeResourceToString(resource));
      for (Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it = tree.fields(); it.hasNext(); ) {
        String name = it.next().getKey();
        String element = name.startsWith("_") ? name.substring(1) : name;
        if (!ALWAYS.contains(element) && !allowedElements.contains(element)) {
          it.remove();
        }
      }
      Resource minimised = (Resource) parser.parseResource(JSON.writeValueAsString(tree));
      Meta meta = new Meta();
      meta.setTag(resource.getMeta().getTag());
      meta.setSecurity(resource.getMeta().getSecurity());
      minimised.setMeta(meta);
      return minimised;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot minimise " + resource.getIdElement(), e);
    }
  }
}
