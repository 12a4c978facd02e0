package nl.jeugdpoort.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.ValidationOptions;
import ca.uhn.fhir.validation.ValidationResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.NpmPackageValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Validates resources against Jeugdpoort's conformance package, loaded from the classpath as a FHIR
 * NPM package ({@value #PACKAGE}). The validation support chain is built once (snapshots generated
 * from the differentials on first use, then cached); create one instance per application and share
 * it.
 */
public final class JeugdpoortValidator {
  /** Classpath location of the package built by this module. */
  public static final String PACKAGE = "classpath:fhir/jeugdpoort.fhir.tgz";

  private final FhirContext fhir;
  private final FhirValidator validator;

  public JeugdpoortValidator(FhirContext fhir) {
    this.fhir = fhir;
    NpmPackageValidationSupport npm = new NpmPackageValidationSupport(fhir);
    try {
      npm.loadPackageFromClasspath(PACKAGE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the Jeugdpoort FHIR package " + PACKAGE, e);
    }
    ValidationSupportChain chain =
        new ValidationSupportChain(
            npm,
            new DefaultProfileValidationSupport(fhir),
            new SnapshotGeneratingValidationSupport(fhir),
            new InMemoryTerminologyServerValidationSupport(fhir),
            new CommonCodeSystemsTerminologyService(fhir));
    FhirInstanceValidator instanceValidator = new FhirInstanceValidator(chain);
    instanceValidator.setAnyExtensionsAllowed(true);
    this.validator = fhir.newValidator().registerValidatorModule(instanceValidator);
  }

  public FhirContext fhirContext() {
    return fhir;
  }

  /** Validates {@code resource} against {@code profile} (and the base FHIR rules). */
  public ValidationResult validate(IBaseResource resource, String profile) {
    return validator.validateWithResult(resource, new ValidationOptions().addProfile(profile));
  }

  /**
   * The errors (and fatal errors) of a result, each as "location message"; empty when the resource
   * conforms.
   */
  public static List<String> errors(ValidationResult result) {
    return result.getMessages().stream()
        .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
        .map(m -> m.getLocationString() + " " + m.getMessage())
        .toList();
  }

  /** Validates a resource given as JSON or XML text against {@code profile}. */
  public ValidationResult validate(String resourceText, String profile) {
    return validator.validateWithResult(resourceText, new ValidationOptions().addProfile(profile));
  }
}
