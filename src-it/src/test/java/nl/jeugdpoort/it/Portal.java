package nl.jeugdpoort.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A person's portal session as a browser keeps it: the session cookie and the forms' CSRF token.
 */
final class Portal {
  static final Pattern SESSION = Pattern.compile("JEUGDPOORT_SESSIE=([^;]+)");
  static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  private final Gateway gateway;
  private String session;
  private String csrf;

  private Portal(Gateway gateway) {
    this.gateway = gateway;
  }

  /** Logs {@code user} in with the login form (password demo-{user}). */
  static Portal login(Gateway gateway, String user) throws IOException, InterruptedException {
    return login(gateway, user, "demo-" + user);
  }

  /** Logs {@code user} in with the login form and {@code password}. */
  static Portal login(Gateway gateway, String user, String password)
      throws IOException, InterruptedException {
    Portal p = new Portal(gateway);
    HttpResponse<String> form = gateway.send("GET", "/portal/login", null);
    p.session = find(SESSION, form.headers().firstValue("Set-Cookie").orElseThrow());
    p.csrf = find(CSRF, form.body());
    HttpResponse<String> login =
        p.post("/portal/login", "gebruikersnaam=" + enc(user) + "&wachtwoord=" + enc(password));
    assertThat(login.statusCode()).as("portal login of %s", user).isEqualTo(302);
    p.session = find(SESSION, login.headers().firstValue("Set-Cookie").orElseThrow());
    return p;
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r =
        gateway.send("GET", path, null, "Cookie", "JEUGDPOORT_SESSIE=" + session);
    Matcher m = CSRF.matcher(r.body());
    if (m.find()) {
      csrf = m.group(1);
    }
    return r;
  }

  /** A form post with the session's CSRF token. */
  HttpResponse<String> post(String path, String form) throws IOException, InterruptedException {
    return gateway.send(
        "POST",
        path,
        "_csrf=" + enc(csrf) + "&" + form,
        "Content-Type",
        "application/x-www-form-urlencoded",
        "Cookie",
        "JEUGDPOORT_SESSIE=" + session);
  }

  /** A form post without the CSRF token (to see it refused). */
  HttpResponse<String> postWithoutToken(String path, String form)
      throws IOException, InterruptedException {
    return gateway.send(
        "POST",
        path,
        form,
        "Content-Type",
        "application/x-www-form-urlencoded",
        "Cookie",
        "JEUGDPOORT_SESSIE=" + session);
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static String find(Pattern p, String text) {
    Matcher m = p.matcher(text);
    assertThat(m.find()).as("%s in the answer", p).isTrue();
    return m.group(1);
  }
}
