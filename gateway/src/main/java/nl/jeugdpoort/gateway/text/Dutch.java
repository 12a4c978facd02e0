package nl.jeugdpoort.gateway.text;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How texts for families write dates, ages, names and lists: Dutch ({@code nl-NL}), in the
 * Europe/Amsterdam time zone. Stateless; every method is also callable from a text template as
 * {@code ${nl.date(x)}} (the engine puts one instance in every model as {@code nl}).
 *
 * <p>A {@link LocalDate} is a day and is never shifted; an {@link Instant} is shown as the day or
 * time it was in Amsterdam (23:30 UTC on 14 December is 15 December, 00:30).
 */
public final class Dutch {
  /** The zone of every date and time shown to a family. */
  public static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");

  /** Dutch as spoken in the Netherlands. */
  public static final Locale LOCALE = Locale.forLanguageTag("nl-NL");

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", LOCALE);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", LOCALE);

  /** The one instance the templates use as {@code nl}. */
  static final Dutch INSTANCE = new Dutch();

  private Dutch() {}

  /** "15 december 2026"; the day as given, never shifted. Empty for null. */
  public static String date(LocalDate day) {
    return day == null ? "" : DAY.format(day);
  }

  /** "15 december 2026": the day it is in Amsterdam at that instant. Empty for null. */
  public static String date(Instant at) {
    return at == null ? "" : DAY.format(at.atZone(ZONE));
  }

  /** "15 december 2026 om 14:05", in Amsterdam. Empty for null. */
  public static String dateTime(Instant at) {
    return at == null ? "" : DAY.format(at.atZone(ZONE)) + " om " + TIME.format(at.atZone(ZONE));
  }

  /** The day in Amsterdam at that instant (for age and date arithmetic). */
  public static LocalDate day(Instant at) {
    return at.atZone(ZONE).toLocalDate();
  }

  /**
   * Age in whole years on a day. Someone born on 29 February is a year older on 1 March in a
   * non-leap year ({@link Period#between}), as the policy counts it (rule C2).
   */
  public static int age(LocalDate birthDate, LocalDate on) {
    return Period.between(
            Objects.requireNonNull(birthDate, "birthDate"), Objects.requireNonNull(on, "on"))
        .getYears();
  }

  /** "10 jaar" (also "1 jaar"). */
  public static String ageText(LocalDate birthDate, LocalDate on) {
    return age(birthDate, on) + " jaar";
  }

  /** The first name of a display name ("Thijs de Vries" → "Thijs"); empty for null or blank. */
  public static String firstName(String displayName) {
    if (displayName == null || displayName.isBlank()) {
      return "";
    }
    return displayName.trim().split("\\s+")[0];
  }

  /** "a", "a en b", "a, b en c"; empty for none. Blank entries are skipped. */
  public static String list(Collection<String> items) {
    List<String> parts = new ArrayList<>();
    if (items != null) {
      items.stream().filter(s -> s != null && !s.isBlank()).forEach(parts::add);
    }
    if (parts.isEmpty()) {
      return "";
    }
    if (parts.size() == 1) {
      return parts.get(0);
    }
    return String.join(", ", parts.subList(0, parts.size() - 1))
        + " en "
        + parts.get(parts.size() - 1);
  }

  /**
   * The first letter upper case ("de vader van Thijs" → "De vader van Thijs"), for the start of a
   * sentence.
   */
  public static String capitalise(String text) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    return text.substring(0, 1).toUpperCase(LOCALE) + text.substring(1);
  }
}
