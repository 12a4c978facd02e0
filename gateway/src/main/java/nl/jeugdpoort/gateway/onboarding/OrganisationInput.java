package nl.jeugdpoort.gateway.onboarding;

/**
 * What an administrator states about an organisation (create or replace). Null means absent.
 *
 * @param id its code in Jeugdpoort (lower-case letters, digits and '-'; not changeable)
 * @param name its name, as families see it
 * @param kind a kind of the purpose catalogue ({@code GET /api/admin/kinds})
 * @param identifierType kvk, oin, agb or ura
 * @param identifierValue the number
 * @param fhirBaseUrl the FHIR R4 base URL of its system when it is a source; null when it only asks
 * @param sourceAuthMode null/none or smart-backend (docs/sources.md)
 * @param sourceTokenUrl the source's token endpoint (smart-backend)
 * @param sourceClientId the gateway's client id there (smart-backend)
 * @param sourceScope the scope to ask for there (optional)
 * @param privacyOfficerName its privacy officer's name
 * @param privacyOfficerEmail and e-mail address
 * @param privacyOfficerPhone and telephone number (optional)
 */
public record OrganisationInput(
    String id,
    String name,
    String kind,
    String identifierType,
    String identifierValue,
    String fhirBaseUrl,
    String sourceAuthMode,
    String sourceTokenUrl,
    String sourceClientId,
    String sourceScope,
    String privacyOfficerName,
    String privacyOfficerEmail,
    String privacyOfficerPhone) {}
