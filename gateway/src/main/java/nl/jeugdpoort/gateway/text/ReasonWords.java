package nl.jeugdpoort.gateway.text;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import nl.jeugdpoort.gateway.text.ReasonTexts.Audience;
import nl.jeugdpoort.gateway.text.ReasonTexts.FamilyView;
import nl.jeugdpoort.policy.LegalBasis;
import nl.jeugdpoort.policy.Person;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;

/**
 * How the reason templates say the parameters for one audience ({@code w} in the templates):
 * people, categories, purposes, bases, roles and dates. Family: plain Dutch, the reader as "u" /
 * "je". Professional: Dutch with codes and ids. Auditor: codes, ids and ISO 8601.
 */
public final class ReasonWords {
  private final Audience audience;
  private final FamilyView view;
  private final PurposeCatalogue catalogue;

  ReasonWords(Audience audience, FamilyView view, PurposeCatalogue catalogue) {
    this.audience = audience;
    this.view = view;
    this.catalogue = catalogue;
  }

  private boolean family() {
    return audience == Audience.FAMILY;
  }

  /**
   * A data category: family "plan van aanpak"; professional "Plan van aanpak (care-plan)"; auditor
   * the code.
   */
  public String category(Object code) {
    String c = String.valueOf(code);
    String display = catalogue == null ? c : catalogue.categoryDisplay(c);
    return switch (audience) {
      case FAMILY -> plain(display);
      case PROFESSIONAL -> display + " (" + c + ")";
      case AUDITOR -> "'" + c + "'";
    };
  }

  /** Several categories: "a, b en c" (auditor: "'a', 'b'"). */
  public String categories(Object codes) {
    List<String> words = list(codes).stream().map(this::category).toList();
    return audience == Audience.AUDITOR ? String.join(", ", words) : Dutch.list(words);
  }

  /**
   * A purpose: family "afstemming van hulp"; professional "Afstemming van hulp
   * (care-coordination)"; auditor the code.
   */
  public String purpose(Object code) {
    String c = String.valueOf(code);
    String display =
        catalogue == null ? c : catalogue.purpose(c).map(p -> p.display()).orElse(null);
    return switch (audience) {
      case FAMILY -> display == null ? "een doel dat niet bestaat" : plain(display);
      case PROFESSIONAL -> display == null ? "'" + c + "'" : display + " (" + c + ")";
      case AUDITOR -> "'" + c + "'";
    };
  }

  /** A legal basis: "wettelijke plicht" (professional adds the code; auditor the code alone). */
  public String basis(Object code) {
    if (code == null) {
      return family() ? "geen grondslag" : audience == Audience.AUDITOR ? "none" : "geen";
    }
    String c = String.valueOf(code);
    String dutch = LegalBasis.fromCode(c).map(LegalBasis::dutch).orElse(c);
    return switch (audience) {
      case FAMILY -> dutch;
      case PROFESSIONAL -> dutch + " (" + c + ")";
      case AUDITOR -> "'" + c + "'";
    };
  }

  /** Several bases. */
  public String bases(Object codes) {
    List<String> words = list(codes).stream().map(this::basis).toList();
    return audience == Audience.AUDITOR
        ? String.join(", ", words)
        : Dutch.list(words).replace(" en ", " of ");
  }

  /** A requester role: its Dutch display (auditor: the code). */
  public String role(Object code) {
    String c = String.valueOf(code);
    String display = catalogue == null ? null : catalogue.roles().get(c);
    return audience == Audience.AUDITOR || display == null
        ? "'" + c + "'"
        : display + (family() ? "" : " (" + c + ")");
  }

  /** A day or moment: "15 december 2026" in Amsterdam (auditor: ISO 8601). */
  public String day(Object at) {
    if (audience == Audience.AUDITOR) {
      return String.valueOf(at);
    }
    if (at instanceof Instant i) {
      return Dutch.date(i);
    }
    if (at instanceof LocalDate d) {
      return Dutch.date(d);
    }
    return "";
  }

  /** A moment with its time: "15 december 2026 om 14:05" (auditor: ISO 8601). */
  public String dayTime(Object at) {
    if (audience == Audience.AUDITOR || !(at instanceof Instant i)) {
      return day(at);
    }
    return Dutch.dateTime(i);
  }

  /** Ids or codes, as written: "a, b". */
  public String ids(Object values) {
    return String.join(", ", list(values));
  }

  /**
   * People: family "u", "je moeder", "de vader", "Thijs"; professional "moeder (RelatedPerson/…)";
   * auditor ids.
   */
  public String who(Object persons) {
    List<Person> people = persons(persons);
    if (audience == Audience.AUDITOR) {
      return people.isEmpty()
          ? "nobody"
          : people.stream().map(Person::id).collect(Collectors.joining(", "));
    }
    if (people.isEmpty()) {
      return family() ? "niemand" : "niemand bekend";
    }
    return Dutch.list(
        people.stream().map(family() ? this::name : this::professionalName).distinct().toList());
  }

  /**
   * People after a preposition ("toestemming van …"): as {@link #who}, but the youth reading is
   * "jou".
   */
  public String whoObject(Object persons) {
    String said = who(persons);
    return family() && view.viewerIsYouth()
        ? said.replaceAll("(^|, )jij(?=,| en |$)", "$1jou").replaceAll(" en jij$", " en jou")
        : said;
  }

  /**
   * "U heeft", "Je hebt", "De moeder heeft", "De moeder en de vader hebben", "Iemand uit het gezin
   * heeft".
   */
  public String whoHas(Object persons) {
    List<Person> people = persons(persons);
    if (people.isEmpty()) {
      return "Iemand uit het gezin heeft";
    }
    if (people.size() == 1 && isViewer(people.get(0))) {
      return view.viewerIsYouth() ? "Je hebt" : "U heeft";
    }
    return Dutch.capitalise(who(people)) + (people.size() == 1 ? " heeft" : " hebben");
  }

  /** The number of people. */
  public int count(Object persons) {
    return persons(persons).size();
  }

  /** The reader: "u" or "je". */
  public String you() {
    return view.viewerIsYouth() ? "je" : "u";
  }

  /** The reader's: "uw" or "je". */
  public String your() {
    return view.viewerIsYouth() ? "je" : "uw";
  }

  /** "U" or "Je", at the start of a sentence. */
  public String You() {
    return Dutch.capitalise(you());
  }

  /** "Uw" or "Je", at the start of a sentence. */
  public String Your() {
    return Dutch.capitalise(your());
  }

  /** The child: the first name, or "de jongere". */
  public String child() {
    return view.childFirstName().isBlank() ? "de jongere" : view.childFirstName();
  }

  /** The child at the start of a sentence. */
  public String Child() {
    return Dutch.capitalise(child());
  }

  private boolean isViewer(Person p) {
    return view.viewerPersonId() != null && view.viewerPersonId().equals(p.id());
  }

  private String name(Person p) {
    if (isViewer(p)) {
      return view.viewerIsYouth() ? "jij" : "u";
    }
    FamilyRole role = FamilyRole.fromCodes(p.roleCodes(), p.relation());
    if (role == FamilyRole.YOUTH) {
      return child();
    }
    if (view.viewerIsYouth()) {
      return "je " + role.word();
    }
    return role == FamilyRole.PARENT ? "een ouder met gezag" : "de " + role.word();
  }

  private String professionalName(Person p) {
    FamilyRole role = FamilyRole.fromCodes(p.roleCodes(), p.relation());
    return (role == FamilyRole.YOUTH
            ? "de jongere"
            : role == FamilyRole.PARENT ? "ouder met gezag" : role.word())
        + " ("
        + p.id()
        + ")";
  }

  /**
   * "Identificatie (naam, geboortedatum, BSN)" → "identificatie": no brackets, lower case first
   * letter.
   */
  static String plain(String display) {
    String s = display.replaceAll("\\s*\\([^)]*\\)", "").trim();
    return s.isEmpty() ? s : s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
  }

  private static List<Person> persons(Object value) {
    if (value instanceof Collection<?> c) {
      return c.stream().filter(Person.class::isInstance).map(Person.class::cast).toList();
    }
    return value instanceof Person p ? List.of(p) : List.of();
  }

  private static List<String> list(Object value) {
    if (value instanceof Collection<?> c) {
      return c.stream().map(String::valueOf).toList();
    }
    return value == null ? List.of() : List.of(String.valueOf(value));
  }
}
