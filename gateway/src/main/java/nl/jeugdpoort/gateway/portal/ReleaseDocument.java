package nl.jeugdpoort.gateway.portal;

import java.nio.charset.StandardCharsets;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.stream.Collectors;
import nl.jeugdpoort.gateway.config.GatewayProducers;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;

/**
 * A released bundle as a page people can read (F4 for families, the readable bundle for
 * professionals): per resource a heading in Dutch and its facts, and the labels that came with the
 * release (P4) in words. Elements the release does not hold are simply absent — the page shows what
 * went, nothing more.
 */
public final class ReleaseDocument {
  /** One fact: a label and its value. */
  public record Fact(String label, String value) {}

  /** One released resource. */
  public record Section(String title, List<Fact> facts) {}

  /** The whole copy. */
  public record Document(List<Section> sections, List<String> labels) {}

  private static final Map<String, String> LABELS =
      Map.of(
          "V", "Zeer vertrouwelijk: alleen voor wie er direct mee werkt.",
          "R", "Vertrouwelijk.",
          "NORDSCLCD", "De ontvanger mag deze gegevens niet verder delen zonder toestemming.",
          "DELAU", "De ontvanger moet deze gegevens wissen als ze niet meer nodig zijn.",
          "HLEGAL", "Gedeeld omdat de wet het verplicht.");

  private ReleaseDocument() {}

  public static Document of(Bundle bundle) {
    List<Section> sections = new ArrayList<>();
    for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
      if (entry.hasResource()) {
        sections.add(section(entry.getResource()));
      }
    }
    List<String> labels =
        bundle.getMeta().getSecurity().stream()
            .map(c -> LABELS.get(c.getCode()))
            .filter(l -> l != null)
            .distinct()
            .toList();
    return new Document(sections, labels);
  }

  private static Section section(Resource r) {
    List<Fact> facts = new ArrayList<>();
    String title;
    if (r instanceof Patient p) {
      title = "Persoonsgegevens";
      add(
          facts,
          "Naam",
          p.getName().stream()
              .map(HumanName::getNameAsSingleString)
              .collect(Collectors.joining(", ")));
      add(facts, "Geboortedatum", p.hasBirthDate() ? day(p.getBirthDate()) : null);
      add(
          facts,
          "BSN",
          p.getIdentifier().stream().map(i -> i.getValue()).collect(Collectors.joining(", ")));
      add(
          facts,
          "Adres",
          p.getAddress().stream()
              .map(
                  a ->
                      a.getText() != null
                          ? a.getText()
                          : String.join(" ", a.getLine().stream().map(Object::toString).toList())
                              + " "
                              + a.getPostalCode()
                              + " "
                              + a.getCity())
              .collect(Collectors.joining("; ")));
    } else if (r instanceof RelatedPerson rp) {
      title = "Betrokken volwassene";
      add(
          facts,
          "Naam",
          rp.getName().stream()
              .map(HumanName::getNameAsSingleString)
              .collect(Collectors.joining(", ")));
      add(
          facts,
          "Relatie",
          rp.getRelationship().stream()
              .flatMap(c -> c.getCoding().stream())
              .map(Coding::getCode)
              .collect(Collectors.joining(", ")));
    } else if (r instanceof CareTeam t) {
      title = "Betrokken hulpverleners";
      add(facts, "Team", t.getName());
      add(
          facts,
          "Leden",
          t.getParticipant().stream()
              .map(m -> m.getMember().getDisplay())
              .filter(d -> d != null)
              .collect(Collectors.joining(", ")));
      add(facts, "Periode", period(t.getPeriod()));
    } else if (r instanceof CarePlan c) {
      title = "Plan";
      add(facts, "Titel", c.getTitle());
      add(facts, "Beschrijving", c.getDescription());
      add(facts, "Periode", period(c.getPeriod()));
    } else if (r instanceof Condition c) {
      title = "Probleem of diagnose";
      add(facts, "Omschrijving", text(c.getCode()));
      add(facts, "Vastgesteld", c.hasRecordedDate() ? day(c.getRecordedDate()) : null);
    } else if (r instanceof Observation o) {
      title = "Waarneming";
      add(facts, "Wat", text(o.getCode()));
      add(
          facts,
          "Uitkomst",
          o.getValue() instanceof Quantity q
              ? q.getValue().toPlainString() + " " + q.getUnit()
              : o.hasValueStringType()
                  ? o.getValueStringType().getValue()
                  : o.hasValueCodeableConcept() ? text(o.getValueCodeableConcept()) : null);
      add(
          facts,
          "Datum",
          o.hasEffectiveDateTimeType() ? day(o.getEffectiveDateTimeType().getValue()) : null);
    } else if (r instanceof Flag f) {
      title = "Signaal";
      add(facts, "Wat", text(f.getCode()));
      add(facts, "Periode", period(f.getPeriod()));
    } else if (r instanceof DocumentReference d) {
      title = "Notitie";
      add(facts, "Omschrijving", d.getDescription());
      add(facts, "Datum", d.hasDate() ? day(d.getDate()) : null);
      add(
          facts,
          "Tekst",
          d.getContent().stream()
              .map(c -> plainText(c.getAttachment()))
              .filter(t -> t != null)
              .collect(Collectors.joining("\n\n")));
    } else {
      title = r.fhirType();
    }
    return new Section(title, facts);
  }

  private static void add(List<Fact> facts, String label, String value) {
    if (value != null && !value.isBlank()) {
      facts.add(new Fact(label, value.strip()));
    }
  }

  private static String text(CodeableConcept c) {
    if (c == null || c.isEmpty()) {
      return null;
    }
    return c.hasText()
        ? c.getText()
        : c.getCoding().stream()
            .map(x -> x.hasDisplay() ? x.getDisplay() : x.getCode())
            .collect(Collectors.joining(", "));
  }

  private static String plainText(Attachment a) {
    if (a == null
        || !a.hasData()
        || a.getContentType() == null
        || !a.getContentType().startsWith("text/plain")) {
      return null;
    }
    return new String(a.getData(), StandardCharsets.UTF_8);
  }

  private static String period(Period p) {
    if (p == null || p.isEmpty()) {
      return null;
    }
    return (p.hasStart() ? "vanaf " + day(p.getStart()) : "")
        + (p.hasEnd() ? " tot " + day(p.getEnd()) : "");
  }

  private static String day(Date d) {
    SimpleDateFormat f = new SimpleDateFormat("d MMMM yyyy", Locale.forLanguageTag("nl-NL"));
    f.setTimeZone(TimeZone.getTimeZone(GatewayProducers.ZONE));
    return f.format(d);
  }
}
