/**
 * Texts for people — families first — rendered from templates, in one place. Shared by the notices
 * ({@code text/notices/}) and the decision reasons ({@code text/reasons/}).
 *
 * <p>The API, on purpose small:
 *
 * <ul>
 *   <li>{@link nl.jeugdpoort.gateway.text.TextTemplates} — {@code render(name, model)} renders
 *       {@code src/main/resources/text/<name>.txt} (Thymeleaf TEXT mode, {@code [(${x})]} for a
 *       value, {@code [# th:if="${c}"]…[/]} for a condition); {@code message(name, model)} splits
 *       the first line off as a subject. Every model has {@code nl}, the {@link
 *       nl.jeugdpoort.gateway.text.Dutch} helpers.
 *   <li>{@link nl.jeugdpoort.gateway.text.Dutch} — dates "15 december 2026", date-times "15
 *       december 2026 om 14:05" in Europe/Amsterdam ({@code LocalDate} never shifted), ages, first
 *       names, "a, b en c".
 *   <li>{@link nl.jeugdpoort.gateway.text.FamilyRole} — a person's role as the family says it ("de
 *       moeder van Thijs").
 *   <li>{@link nl.jeugdpoort.gateway.text.NoticeTexts} — the family notices, one template per
 *       situation ({@code notices/before}, {@code held}, {@code after}, {@code override}, {@code
 *       refused}).
 *   <li>{@link nl.jeugdpoort.gateway.text.ReasonTexts} — the policy's reasons and suggestions
 *       worded per audience (family, professional, auditor) from {@code text/reasons/*.txt}; {@link
 *       nl.jeugdpoort.gateway.text.ReasonWords} is {@code w} in those templates. Every key: {@code
 *       docs/reasons.md}.
 * </ul>
 *
 * <p>House style of family texts: plain Dutch at B1 (sentences of at most about 20 words), the
 * child named by first name, dates in words, never a rule id, a URL of the FHIR API, an ISO
 * timestamp or a technical term. An adult is addressed as "u", the youth (12 or older) as "je" —
 * the form youth care uses with young people, and the same in every text. Checked for every
 * template by the unit tests {@code NoticeTextsTest} and {@code ReasonTextsTest} with the assertion
 * helper {@code PlainDutch} (test sources, same package).
 *
 * <p>Depends on Thymeleaf and the policy's value types only; not on persistence, CDI beans or the
 * portal.
 *
 * <p>Must not depend on the routes, the fronts, health or demo (LayeringTest).
 */
package nl.jeugdpoort.gateway.text;
