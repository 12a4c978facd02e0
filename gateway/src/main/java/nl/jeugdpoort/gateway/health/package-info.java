/**
 * Start-up and MicroProfile Health: ready when the database, the routes and the demo sources are
 * up.
 *
 * <p>Must not depend on demo: plug-ins observe StartupEvents (LayeringTest).
 */
package nl.jeugdpoort.gateway.health;
