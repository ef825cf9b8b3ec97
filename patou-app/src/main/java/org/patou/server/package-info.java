/**
 * {@code patou serve}: {@link org.patou.server.PatouServer} assembles the state, pipeline, sources
 * and web server; {@link org.patou.server.ApiServer} holds the routes (REST under {@code /api/v1},
 * {@code _bulk}, {@code /metrics}, {@code /health}; described in {@code openapi.yaml}, kept as a
 * file and checked against the routes by a test); {@link org.patou.server.Tokens} the bearer tokens.
 *
 * <p>Enters: options. Leaves: a running server. Threads: Jetty's request pool, {@code
 * patou-retention}; it starts the pipeline's and the sources'.
 */
package org.patou.server;
