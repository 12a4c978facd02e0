package nl.jeugdpoort.it.synthea;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeChildChoiceDefinition;
import ca.uhn.fhir.fhirpath.IFhirPath;
import ca.uhn.fhir.util.FhirTerser;
import ca.uhn.fhir.util.IModelVisitor2;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseExtension;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.BooleanType;

/**
 * Checks a released resource element by element against an allow-list of element paths, with HAPI's
 * {@link FhirTerser} (every populated element, nested ones included) and its FHIRPath engine (for
 * {@code where(...)} filters).
 *
 * <p>An entry is a FHIRPath-like element path that starts with the resource type, e.g. {@code
 * Patient.identifier.where(system='http://fhir.nl/fhir/NamingSystem/bsn')}, {@code
 * Observation.value[x]}, {@code Observation.valueQuantity}, {@code Observation.component}. An
 * element is allowed when its path lies under an entry (the entry's element or one of its
 * descendants), or is an ancestor of an entry (the container an allowed element needs); a choice
 * entry by its FHIRPath name ({@code Observation.value}) or as {@code value[x]} covers every choice
 * ({@code valueQuantity}, {@code valueString}, …); a {@code where(...)} filter must hold for the
 * element it follows. {@code id}, {@code meta.tag} and {@code meta.security} are always allowed.
 */
public final class AllowList {
  private final FhirContext fhir;
  private final IFhirPath fhirPath;

  public AllowList(FhirContext fhir) {
    this.fhir = fhir;
    this.fhirPath = fhir.newFhirPath();
  }

  private record Step(String name, String where) {}

  /**
   * The element paths of {@code resource} that no entry allows, e.g. {@code Patient.identifier[1]
   * (system http://hl7.org/fhir/sid/us-ssn)}.
   */
  public List<String> violations(IBaseResource resource, Collection<String> entries) {
    String type = fhir.getResourceType(resource);
    List<List<Step>> parsed = new ArrayList<>();
    for (String entry : entries) {
      List<Step> steps = parse(entry);
      if (steps.get(0).name().equals(type)) {
        parsed.add(steps.subList(1, steps.size()));
      }
    }
    for (String always : List.of("id", "meta.tag", "meta.security")) {
      parsed.add(parse(type + "." + always).subList(1, parse(type + "." + always).size()));
    }
    List<String> out = new ArrayList<>();
    FhirTerser terser = fhir.newTerser();
    terser.visit(
        resource,
        new IModelVisitor2() {
          @Override
          public boolean acceptElement(
              IBase element,
              List<IBase> containing,
              List<BaseRuntimeChildDefinition> children,
              List<BaseRuntimeElementDefinition<?>> definitions) {
            if (children.isEmpty()) {
              return true; // the resource itself
            }
            List<IBase> elements =
                containing.subList(containing.size() - children.size(), containing.size());
            for (List<Step> entry : parsed) {
              if (matches(entry, elements, children, definitions)) {
                return true;
              }
            }
            out.add(type + "." + describe(children, definitions, element));
            return false; // report the outermost element only
          }

          @Override
          public boolean acceptUndeclaredExtension(
              IBaseExtension<?, ?> extension,
              List<IBase> containing,
              List<BaseRuntimeChildDefinition> children,
              List<BaseRuntimeElementDefinition<?>> definitions) {
            out.add(type + ".(undeclared extension " + extension.getUrl() + ")");
            return false;
          }
        });
    return out;
  }

  private boolean matches(
      List<Step> entry,
      List<IBase> elements,
      List<BaseRuntimeChildDefinition> children,
      List<BaseRuntimeElementDefinition<?>> definitions) {
    int depth = Math.min(entry.size(), children.size());
    for (int i = 0; i < depth; i++) {
      Step step = entry.get(i);
      BaseRuntimeChildDefinition child = children.get(i);
      String concrete =
          concreteName(child, definitions.get(definitions.size() - children.size() + i));
      // FHIRPath names a choice element by its base name (Observation.value covers valueQuantity,
      // valueString, …);
      // value[x] is accepted as the same.
      String stepName =
          step.name().endsWith("[x]")
              ? step.name().substring(0, step.name().length() - 3)
              : step.name();
      boolean choiceEntry =
          child instanceof RuntimeChildChoiceDefinition
              && child.getElementName().replace("[x]", "").equals(stepName);
      if (!step.name().equals(concrete) && !choiceEntry) {
        return false;
      }
      if (step.where() != null) {
        List<BooleanType> holds =
            fhirPath.evaluate(elements.get(i), step.where(), BooleanType.class);
        if (holds.isEmpty() || !holds.get(0).booleanValue()) {
          return false;
        }
      }
    }
    return true;
  }

  private static String concreteName(
      BaseRuntimeChildDefinition child, BaseRuntimeElementDefinition<?> definition) {
    if (child instanceof RuntimeChildChoiceDefinition choice) {
      @SuppressWarnings("unchecked")
      Class<? extends IBase> cls = (Class<? extends IBase>) definition.getImplementingClass();
      String name = choice.getChildNameByDatatype(cls);
      return name == null ? child.getElementName() : name;
    }
    return child.getElementName();
  }

  private static String describe(
      List<BaseRuntimeChildDefinition> children,
      List<BaseRuntimeElementDefinition<?>> definitions,
      IBase element) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < children.size(); i++) {
      names.add(
          concreteName(children.get(i), definitions.get(definitions.size() - children.size() + i)));
    }
    String path = String.join(".", names);
    if (element instanceof org.hl7.fhir.r4.model.Identifier id) {
      path += " (system " + id.getSystem() + ")";
    }
    return path;
  }

  /**
   * Splits {@code Type.a.where(x='y.z').b} into steps, a where(...) belonging to the step before
   * it.
   */
  static List<Step> parse(String entry) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    boolean quoted = false;
    StringBuilder current = new StringBuilder();
    for (char c : entry.toCharArray()) {
      if (c == '\'') {
        quoted = !quoted;
      } else if (!quoted && c == '(') {
        depth++;
      } else if (!quoted && c == ')') {
        depth--;
      }
      if (c == '.' && depth == 0 && !quoted) {
        parts.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    parts.add(current.toString());
    List<Step> steps = new ArrayList<>();
    for (String part : parts) {
      if (part.startsWith("where(") && part.endsWith(")") && !steps.isEmpty()) {
        Step last = steps.remove(steps.size() - 1);
        String condition = part.substring("where(".length(), part.length() - 1);
        steps.add(
            new Step(
                last.name(),
                last.where() == null
                    ? condition
                    : "(" + last.where() + ") and (" + condition + ")"));
      } else {
        steps.add(new Step(part, null));
      }
    }
    return steps;
  }
}
