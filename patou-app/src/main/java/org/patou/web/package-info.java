/**
 * The web console's first pages, rendered on the server (no script, no external resource): recent
 * alerts, an event search and the event rate, behind a sign-in with an API token. Served by the
 * same web server as the API ({@link org.patou.server.ApiServer}) under {@code /ui}.
 */
package org.patou.web;
