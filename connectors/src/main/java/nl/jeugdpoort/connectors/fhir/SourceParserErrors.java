package nl.jeugdpoort.connectors.fhir;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue;

/**
 * How the connector reads a source's resources: unknown elements (a source's own additions) are
 * left out silently, but a known element of the wrong JSON type, a repeated single element or an
 * invalid value makes the resource malformed — rather than keeping it with that element silently
 * gone. Nothing is logged: the content may be personal data.
 */
final class SourceParserErrors extends LenientErrorHandler {
  SourceParserErrors() {
    super(false);
    setErrorOnInvalidValue(true);
  }

  @Override
  public void incorrectJsonType(
      IParseLocation location,
      String elementName,
      BaseJsonLikeValue.ValueType expected,
      BaseJsonLikeValue.ScalarType expectedScalar,
      BaseJsonLikeValue.ValueType found,
      BaseJsonLikeValue.ScalarType foundScalar) {
    throw new DataFormatException("element " + elementName + " has the wrong JSON type");
  }

  @Override
  public void unexpectedRepeatingElement(IParseLocation location, String elementName) {
    throw new DataFormatException("element " + elementName + " repeats");
  }
}
