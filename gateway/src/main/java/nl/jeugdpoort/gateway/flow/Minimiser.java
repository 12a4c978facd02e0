package nl.jeugdpoort.gateway.flow;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.fhirpath.IFhirPath;
import ca.uhn.fhir.fhirpath.IFhirPath.IParsedExpression;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Resource;

/**
 * Rule P2 applied to FHIR, element by element: keeps exactly what the purpose's allow-list selects
 * and removes everything else. An allow-list entry is a FHIRPath expression rooted at the resource
 * type ({@code Observation.value}, {@code Observation.component.value}, {@code
 * Patient.identifier.where(system='http://fhir.nl/fhir/NamingSystem/bsn')}), evaluated with HAPI's
 * FHIRPath engine on a copy of the resource. Every node an entry selects is kept whole; its
 * ancestors are kept as containers holding only what was selected below them; every other element —
 * nested ones included, such as a second identifier or an unselected component — is removed. The
 * resource keeps its type and id, and of its meta only the tags and security labels. The policy
 * decides; this class only applies.
 */
public final class Minimiser {
  private static final Set<String> ROOT_KEPT = Set.of("id", "meta");
  private final FhirContext fhir;
  private final IFhirPath fhirPath;
  private final Map<String, IParsedExpression> parsed = new ConcurrentHashMap<>();

  public Minimiser(FhirContext fhir) {
    this.fhir = fhir;
    this.fhirPath = fhir.newFhirPath();
  }

  /**
   * Checks that every path parses as FHIRPath; the first bad one is named in the exception. Called
   * at start-up for the whole catalogue, so a typo stops the start instead of emptying releases.
   */
  public void check(Iterable<String> paths) {
    for (String path : paths) {
      expression(path);
    }
  }

  /** A copy of {@code resource} with only the elements {@code allowList} selects. */
  public Resource minimise(Resource resource, Set<String> allowList) {
    Resource copy = resource.copy();
    Set<IBase> selected = Collections.newSetFromMap(new IdentityHashMap<>());
    String type = copy.fhirType();
    for (String path : allowList) {
      if (path.startsWith(type + ".")) {
        selected.addAll(fhirPath.evaluate(copy, expression(path), IBase.class));
      }
    }
    selected.remove(copy);
    prune(copy, selected, true);
    Meta meta = new Meta();
    meta.setTag(resource.getMeta().getTag());
    meta.setSecurity(resource.getMeta().getSecurity());
    copy.setMeta(meta);
    return copy;
  }

  /**
   * Removes from {@code node} every child that is neither selected nor holds a selected node; true
   * if anything stays.
   */
  private boolean prune(IBase node, Set<IBase> selected, boolean root) {
    BaseRuntimeElementDefinition<?> definition = fhir.getElementDefinition(node.getClass());
    if (!(definition instanceof BaseRuntimeElementCompositeDefinition<?> composite)) {
      return false;
    }
    boolean anything = false;
    for (BaseRuntimeChildDefinition child : composite.getChildren()) {
      if (root && ROOT_KEPT.contains(child.getElementName())) {
        continue;
      }
      List<IBase> values = child.getAccessor().getValues(node);
      if (values.isEmpty()) {
        continue;
      }
      List<IBase> kept = new ArrayList<>();
      for (IBase value : values) {
        if (selected.contains(value) || prune(value, selected, false)) {
          kept.add(value);
        }
      }
      if (kept.size() != values.size()) {
        child.getMutator().setValue(node, null);
        for (IBase value : kept) {
          child.getMutator().addValue(node, value);
        }
      }
      anything |= !kept.isEmpty();
    }
    return anything;
  }

  private IParsedExpression expression(String path) {
    return parsed.computeIfAbsent(
        path,
        p -> {
          try {
            return fhirPath.parse(p);
          } catch (Exception e) {
            throw new IllegalArgumentException(
                "allow-list entry '"
                    + p
                    + "' is not a valid FHIRPath expression: "
                    + e.getMessage(),
                e);
          }
        });
  }
}
