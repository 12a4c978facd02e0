package nl.jeugdpoort.gateway.persistence;

/** How to reach the database: a JDBC URL (H2 or PostgreSQL), credentials and a pool size. */
public record DatabaseSettings(String url, String user, String password, int poolSize) {
  public boolean isPostgres() {
    return url.startsWith("jdbc:postgresql:");
  }

  /** The URL without credentials or parameters, safe to log. */
  public String describe() {
    int q = url.indexOf(';');
    int p = url.indexOf('?');
    int cut = q < 0 ? p : p < 0 ? q : Math.min(p, q);
    return cut < 0 ? url : url.substring(0, cut);
  }
}
