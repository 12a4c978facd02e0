package nl.jeugdpoort.gateway.admin;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import nl.jeugdpoort.gateway.onboarding.AccountInput;
import nl.jeugdpoort.gateway.onboarding.OrganisationInput;
import nl.jeugdpoort.gateway.persistence.AccountEntity;
import nl.jeugdpoort.gateway.persistence.OrganisationEntity;

/** The JSON forms of organisations and accounts in the administration API (docs/onboarding.md). */
final class AdminJson {
  private AdminJson() {}

  static JsonObjectBuilder organisation(OrganisationEntity o) {
    JsonObjectBuilder b =
        Json.createObjectBuilder().add("id", o.id()).add("name", o.name()).add("kind", o.kind());
    JsonObjectBuilder identifier = Json.createObjectBuilder();
    put(identifier, "type", o.identifierType());
    put(identifier, "value", o.identifierValue());
    b.add("identifier", identifier);
    put(b, "fhirBaseUrl", o.fhirBaseUrl());
    JsonObjectBuilder source = Json.createObjectBuilder();
    put(source, "authMode", o.sourceAuthMode());
    put(source, "tokenUrl", o.sourceTokenUrl());
    put(source, "clientId", o.sourceClientId());
    put(source, "scope", o.sourceScope());
    b.add("source", source);
    JsonObjectBuilder officer = Json.createObjectBuilder();
    put(officer, "name", o.privacyOfficerName());
    put(officer, "email", o.privacyOfficerEmail());
    put(officer, "phone", o.privacyOfficerPhone());
    b.add("privacyOfficer", officer);
    b.add("active", o.active());
    put(b, "deactivatedAt", o.deactivatedAt());
    return b;
  }

  static JsonObjectBuilder account(AccountEntity a) {
    JsonObjectBuilder b =
        Json.createObjectBuilder()
            .add("username", a.username())
            .add("displayName", a.displayName())
            .add("role", a.role());
    put(b, "organisationId", a.organisationId());
    b.add("active", !a.disabled());
    put(b, "disabledAt", a.disabledAt());
    b.add("mustChangePassword", a.mustChangePassword());
    put(b, "oidcSubject", a.oidcSubject());
    return b;
  }

  /**
   * An organisation as posted; {@code pathId} (PUT) wins over the body, which may repeat it only
   * unchanged.
   */
  static OrganisationInput organisationInput(JsonObject in, String pathId) {
    String id = text(in, "id");
    if (pathId != null && id != null && !id.equals(pathId)) {
      throw AdminResource.bad(422, "invalid", "id: an organisation's id cannot be changed");
    }
    JsonObject identifier = object(in, "identifier");
    JsonObject source = object(in, "source");
    JsonObject officer = object(in, "privacyOfficer");
    return new OrganisationInput(
        pathId != null ? pathId : id,
        text(in, "name"),
        text(in, "kind"),
        text(identifier, "type"),
        text(identifier, "value"),
        text(in, "fhirBaseUrl"),
        text(source, "authMode"),
        text(source, "tokenUrl"),
        text(source, "clientId"),
        text(source, "scope"),
        text(officer, "name"),
        text(officer, "email"),
        text(officer, "phone"));
  }

  static AccountInput accountInput(JsonObject in, String pathUsername) {
    String username = text(in, "username");
    if (pathUsername != null && username != null && !username.equals(pathUsername)) {
      throw AdminResource.bad(422, "invalid", "username: an account's name cannot be changed");
    }
    return new AccountInput(
        pathUsername != null ? pathUsername : username,
        text(in, "displayName"),
        text(in, "role"),
        text(in, "organisationId"));
  }

  /**
   * A string member; blank, null, absent or not a string: null (the checks then name the field).
   */
  static String text(JsonObject in, String name) {
    JsonValue v = in == null ? null : in.get(name);
    return v instanceof JsonString s && !s.getString().isBlank() ? s.getString().strip() : null;
  }

  private static JsonObject object(JsonObject in, String name) {
    JsonValue v = in.get(name);
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return null;
    }
    if (v.getValueType() != JsonValue.ValueType.OBJECT) {
      throw AdminResource.bad(422, "invalid", name + ": must be a JSON object");
    }
    return v.asJsonObject();
  }

  private static void put(JsonObjectBuilder b, String name, String value) {
    if (value == null) {
      b.addNull(name);
    } else {
      b.add(name, value);
    }
  }

  private static void put(JsonObjectBuilder b, String name, Instant value) {
    put(b, name, value == null ? null : value.toString());
  }
}
