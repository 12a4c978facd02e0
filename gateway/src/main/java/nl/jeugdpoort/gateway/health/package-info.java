/** Start-up and MicroProfile Health: ready when the database, the routes and the demo sources are up. */
package nl.jeugdpoort.gateway.health;
