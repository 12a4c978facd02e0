package nl.jeugdpoort.gateway.subscription;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import nl.jeugdpoort.gateway.persistence.SubscriptionEntity;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;

/**
 * Jeugdpoort's subscriptions as FHIR R4 {@code Subscription} resources of the subscriptions
 * backport (profile {@value #PROFILE}), and the notification bundles posted to their endpoints
 * (profile {@value #NOTIFICATION_PROFILE}, a {@code history} bundle whose first entry is the
 * subscription status as {@code Parameters}).
 */
public final class SubscriptionResources {
  static final String BACKPORT =
      "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/";
  public static final String PROFILE = BACKPORT + "backport-subscription";
  public static final String NOTIFICATION_PROFILE =
      BACKPORT + "backport-subscription-notification-r4";
  static final String STATUS_PROFILE = BACKPORT + "backport-subscription-status-r4";
  public static final String PAYLOAD_CONTENT = BACKPORT + "backport-payload-content";
  static final String FILTER_CRITERIA = BACKPORT + "backport-filter-criteria";

  /** On {@code CapabilityStatement.rest.resource} of Subscription: the topics served. */
  public static final String TOPIC_CANONICAL =
      BACKPORT + "capabilitystatement-subscriptiontopic-canonical";

  /** The backport's {@code $status} operation. */
  public static final String STATUS_OPERATION =
      "http://hl7.org/fhir/uv/subscriptions-backport/OperationDefinition/backport-subscription-status";

  public static final String ID_ONLY = "id-only";
  public static final String EMPTY = "empty";
  static final String FHIR_JSON = "application/fhir+json";

  /** At most this many channel headers, each at most {@value #MAX_HEADER} characters. */
  static final int MAX_HEADERS = 10;

  static final int MAX_HEADER = 1000;
  static final int MAX_REASON = 500;
  static final int MAX_ENDPOINT = 2000;

  /** A header: a token, a colon, and a value of visible ASCII, spaces and tabs only. */
  private static final Pattern HEADER =
      Pattern.compile("([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \\t]*([\\x20-\\x7E\\t]*)");

  /** The stored headers together, one per line (the column's width). */
  static final int MAX_HEADERS_TOTAL = 4000;

  /** Header names the gateway sets itself or the HTTP client does not allow. */
  private static final Set<String> RESERVED =
      Set.of(
          "host",
          "content-length",
          "content-type",
          "connection",
          "transfer-encoding",
          "expect",
          "upgrade",
          "te",
          "trailer",
          "keep-alive",
          "proxy-connection");

  private SubscriptionResources() {}

  /** What a client asked for, checked for form (the endpoint's addresses are checked later). */
  public record Input(
      String endpoint, List<String> headers, String payloadContent, String reason, Instant end) {}

  /** A subscription that cannot be made as asked, with the element and why. */
  public static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message);
    }
  }

  /** Reads what a client asked for; throws {@link Invalid} naming the first element that is off. */
  public static Input input(Subscription s, Instant now) throws Invalid {
    if (!Subscriptions.TOPIC.equals(s.getCriteria())) {
      throw new Invalid(
          "criteria: the subscription topic, "
              + Subscriptions.TOPIC
              + " (the only topic Jeugdpoort serves: a data request of your organisation finished)");
    }
    if (s.getCriteriaElement().hasExtension(FILTER_CRITERIA)) {
      throw new Invalid(
          "criteria: filters ("
              + FILTER_CRITERIA
              + ") are not supported; every finished data request of your organisation is notified");
    }
    Subscription.SubscriptionChannelComponent channel = s.getChannel();
    if (channel.getType() != Subscription.SubscriptionChannelType.RESTHOOK) {
      throw new Invalid("channel.type: rest-hook (the only channel Jeugdpoort serves)");
    }
    String endpoint = channel.getEndpoint();
    if (endpoint == null || endpoint.isBlank() || endpoint.length() > MAX_ENDPOINT) {
      throw new Invalid(
          "channel.endpoint: the https URL notifications are posted to (at most "
              + MAX_ENDPOINT
              + " characters)");
    }
    if (channel.hasPayload() && !FHIR_JSON.equals(channel.getPayload())) {
      throw new Invalid("channel.payload: " + FHIR_JSON + " (notifications are FHIR JSON)");
    }
    List<Extension> contents = channel.getPayloadElement().getExtensionsByUrl(PAYLOAD_CONTENT);
    if (contents.size() > 1) {
      throw new Invalid("channel.payload content: once (id-only or empty)");
    }
    Extension content = contents.isEmpty() ? null : contents.get(0);
    String payloadContent =
        content == null || content.getValue() == null
            ? ID_ONLY
            : content.getValue().primitiveValue();
    if (!ID_ONLY.equals(payloadContent) && !EMPTY.equals(payloadContent)) {
      throw new Invalid(
          "channel.payload content: id-only or empty; a notification never carries the Task itself"
              + " (it holds data about a child): read it with GET /fhir/Task/{id}");
    }
    List<String> headers = new ArrayList<>();
    for (StringType h : channel.getHeader()) {
      String value = h.getValue() == null ? "" : h.getValue();
      var m = HEADER.matcher(value);
      if (value.length() > MAX_HEADER || !m.matches()) {
        throw new Invalid(
            "channel.header: 'Name: value' on one line, in visible ASCII, at most "
                + MAX_HEADER
                + " characters");
      }
      if (RESERVED.contains(m.group(1).toLowerCase(Locale.ROOT))) {
        throw new Invalid("channel.header: " + m.group(1) + " is set by Jeugdpoort itself");
      }
      headers.add(m.group(1) + ": " + m.group(2).strip());
    }
    if (headers.size() > MAX_HEADERS) {
      throw new Invalid("channel.header: at most " + MAX_HEADERS + " headers");
    }
    if (String.join("\n", headers).length() > MAX_HEADERS_TOTAL) {
      throw new Invalid("channel.header: at most " + MAX_HEADERS_TOTAL + " characters together");
    }
    String reason = s.getReason();
    if (reason != null && reason.length() > MAX_REASON) {
      throw new Invalid("reason: at most " + MAX_REASON + " characters");
    }
    Instant end = s.hasEnd() ? s.getEnd().toInstant() : null;
    if (end != null && !end.isAfter(now)) {
      throw new Invalid("end: a moment in the future (or none)");
    }
    return new Input(endpoint, List.copyOf(headers), payloadContent, reason, end);
  }

  /**
   * The subscription as FHIR at {@code now} (one whose end has passed is {@code off}); header
   * values are never shown again (only their names).
   */
  public static Subscription toFhir(SubscriptionEntity e, Instant now) {
    Subscription s = new Subscription();
    s.setId(e.id());
    s.getMeta().addProfile(PROFILE);
    s.setStatus(Subscription.SubscriptionStatus.fromCode(e.statusAt(now)));
    s.setCriteria(e.topic());
    if (e.reason() != null) {
      s.setReason(e.reason());
    }
    if (e.endAt() != null) {
      s.setEnd(Date.from(e.endAt()));
    }
    if (e.error() != null) {
      s.setError(e.error());
    }
    Subscription.SubscriptionChannelComponent channel = s.getChannel();
    channel.setType(Subscription.SubscriptionChannelType.RESTHOOK);
    channel.setEndpoint(e.endpoint());
    channel.setPayload(FHIR_JSON);
    channel.getPayloadElement().addExtension(PAYLOAD_CONTENT, new CodeType(e.payloadContent()));
    for (String h : headerLines(e.headers())) {
      channel.addHeader(h.substring(0, h.indexOf(':')) + ": ***");
    }
    return s;
  }

  /** The stored header lines (none for null). */
  static List<String> headerLines(String stored) {
    return stored == null || stored.isEmpty() ? List.of() : List.of(stored.split("\n"));
  }

  /**
   * The answer of {@code GET /fhir/Subscription/{id}/$status}: a searchset with the subscription's
   * status ({@code query-status}).
   *
   * @param base the gateway's FHIR base URL (null: relative references)
   */
  public static Bundle statusBundle(SubscriptionEntity s, String base, Instant now) {
    String prefix = base == null ? "" : base + "/";
    Parameters status =
        status(UUID.randomUUID().toString(), s, "query-status", null, null, null, prefix, now);
    Bundle bundle = new Bundle();
    bundle.setType(Bundle.BundleType.SEARCHSET);
    bundle.setTimestamp(Date.from(now));
    bundle.setTotal(1);
    Bundle.BundleEntryComponent entry = bundle.addEntry();
    entry.setFullUrl("urn:uuid:" + status.getIdElement().getIdPart());
    entry.setResource(status);
    entry.getSearch().setMode(Bundle.SearchEntryMode.MATCH);
    return bundle;
  }

  /**
   * A notification bundle: the handshake ({@code focus} null, {@code eventNumber} null) or the
   * event "data request finished" of the Task {@code focus}; its id is the notification's (the same
   * for every attempt).
   *
   * @param base the gateway's FHIR base URL (null: relative references)
   */
  static Bundle notification(
      String notificationId,
      SubscriptionEntity s,
      String type,
      Long eventNumber,
      String focus,
      Instant eventAt,
      String base,
      Instant now) {
    String prefix = base == null ? "" : base + "/";
    String statusId =
        UUID.nameUUIDFromBytes(("status:" + notificationId).getBytes(StandardCharsets.UTF_8))
            .toString();
    Parameters status = status(statusId, s, type, eventNumber, focus, eventAt, prefix, now);
    Bundle bundle = new Bundle();
    bundle.setId(notificationId);
    bundle.getMeta().addProfile(NOTIFICATION_PROFILE);
    bundle.setType(Bundle.BundleType.HISTORY);
    bundle.setTimestamp(Date.from(now));
    Bundle.BundleEntryComponent entry = bundle.addEntry();
    entry.setFullUrl("urn:uuid:" + statusId);
    entry.setResource(status);
    entry
        .getRequest()
        .setMethod(Bundle.HTTPVerb.GET)
        .setUrl(prefix + "Subscription/" + s.id() + "/$status");
    entry.getResponse().setStatus("200");
    return bundle;
  }

  /**
   * The subscription's status as the backport's {@code Parameters} (profile {@value
   * #STATUS_PROFILE}).
   */
  private static Parameters status(
      String id,
      SubscriptionEntity s,
      String type,
      Long eventNumber,
      String focus,
      Instant eventAt,
      String prefix,
      Instant now) {
    Parameters status = new Parameters();
    status.setId(id);
    status.getMeta().addProfile(STATUS_PROFILE);
    status
        .addParameter()
        .setName("subscription")
        .setValue(new Reference(prefix + "Subscription/" + s.id()));
    if (!EMPTY.equals(s.payloadContent())) {
      status.addParameter().setName("topic").setValue(new CanonicalType(s.topic()));
    }
    status.addParameter().setName("status").setValue(new CodeType(s.statusAt(now)));
    status.addParameter().setName("type").setValue(new CodeType(type));
    status
        .addParameter()
        .setName("events-since-subscription-start")
        .setValue(new StringType(Long.toString(s.eventsSinceStart())));
    if (eventNumber != null) {
      Parameters.ParametersParameterComponent event =
          status.addParameter().setName("notification-event");
      event.addPart().setName("event-number").setValue(new StringType(eventNumber.toString()));
      if (eventAt != null) {
        event.addPart().setName("timestamp").setValue(new InstantType(Date.from(eventAt)));
      }
      if (focus != null && ID_ONLY.equals(s.payloadContent())) {
        event.addPart().setName("focus").setValue(new Reference(prefix + focus));
      }
    }
    if (s.error() != null) {
      status
          .addParameter()
          .setName("error")
          .setValue(new org.hl7.fhir.r4.model.CodeableConcept().setText(s.error()));
    }
    return status;
  }
}
