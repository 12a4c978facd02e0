package nl.jeugdpoort.gateway.health;

/**
 * The moments of the start-up that plug-ins (such as the demo) observe, so that the start-up itself
 * depends on none of them. Both are fired synchronously by {@link GatewayStartup}.
 */
public final class StartupEvents {
  private StartupEvents() {}

  /** The schema is migrated; the routes have not started. Observers may seed data. */
  public record DatabaseReady() {}

  /** The gateway is about to announce that it is ready; observers may add lines to the banner. */
  public record Announcing(StringBuilder banner) {}
}
