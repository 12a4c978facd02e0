package nl.jeugdpoort.gateway.flow;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import nl.jeugdpoort.gateway.config.GatewayProducers;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.policy.LegalBasis;
import nl.jeugdpoort.policy.Person;
import nl.jeugdpoort.policy.catalogue.Purpose;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;

/**
 * The text of a family notice (rule N1), in plain Dutch (B1): who asks, which data, why, on which
 * basis, and how to object. Addresses the youth as "je", adults as "u".
 */
public final class NoticeText {
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("d MMMM yyyy 'om' HH:mm", new Locale("nl", "NL")).withZone(GatewayProducers.ZONE);

  private NoticeText() {}

  public static String compose(DataRequestEntity r, Set<String> releasable, Person recipient, String youthFirstName,
      String requesterOrgName, String sourceOrgName, PurposeCatalogue catalogue, Instant windowEnd, boolean afterwards) {
    boolean youth = recipient.relation() == Person.Relation.YOUTH;
    String about = youth ? "jou" : youthFirstName;
    Purpose purpose = catalogue.purpose(r.purpose()).orElseThrow();
    String categories = new TreeSet<>(releasable).stream().map(catalogue::categoryDisplay).collect(Collectors.joining(", "));
    String basis = LegalBasis.fromCode(r.legalBasis()).map(LegalBasis::dutch).orElse(r.legalBasis());
    StringBuilder t = new StringBuilder();
    t.append("Beste ").append(recipient.name() == null || recipient.name().isBlank() ? (youth ? youthFirstName : "ouder") : recipient.name()).append(",\n\n");
    t.append(r.requesterName()).append(" (").append(catalogue.roles().getOrDefault(r.requesterRole(), r.requesterRole()))
        .append(") van ").append(requesterOrgName).append(afterwards ? " heeft " : " wil ")
        .append("gegevens over ").append(about).append(" van ").append(sourceOrgName)
        .append(afterwards ? " gekregen.\n\n" : " krijgen.\n\n");
    t.append("Welke gegevens: ").append(categories).append(".\n");
    t.append("Waarvoor: ").append(purpose.display()).append(". ").append(purpose.definition()).append("\n");
    t.append("Uitleg van de hulpverlener: \"").append(r.explanation()).append("\"\n");
    t.append("Waarom dit mag: ").append(basis).append(".");
    if (r.motivation() != null && !r.motivation().isBlank()) {
      t.append(" Reden: \"").append(r.motivation()).append("\"");
    }
    t.append("\n\n");
    if (afterwards) {
      t.append(youth ? "Je krijgt" : "U krijgt").append(" dit bericht achteraf, omdat vooraf melden niet kon of het kind in gevaar zou brengen. ")
          .append("De reden: \"").append(r.delayedNoticeMotivation()).append("\". Een privacyfunctionaris controleert dit.\n\n");
    } else {
      t.append("Er wordt pas iets gedeeld nadat ").append(youth ? "je" : "u").append(" dit bericht hebt gekregen.");
      if (windowEnd != null) {
        t.append(" ").append(youth ? "Je kunt" : "U kunt").append(" tot ").append(DAY.format(windowEnd))
            .append(" bezwaar maken; tot dan wordt niets gedeeld.");
      }
      t.append("\n\n");
    }
    t.append(youth ? "Wil je dit niet? Maak dan bezwaar" : "Wilt u dit niet? Maak dan bezwaar")
        .append(" in het Jeugdpoort-portaal (/portal), of neem contact op met ").append(requesterOrgName).append(".\n");
    t.append(youth ? "Je kunt" : "U kunt").append(" in het portaal ook altijd zien wat er over ").append(about)
        .append(" is gedeeld.\n\nMet vriendelijke groet,\nJeugdpoort");
    return t.toString();
  }
}
