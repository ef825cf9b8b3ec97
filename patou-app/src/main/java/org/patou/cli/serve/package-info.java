/**
 * The {@code patou serve} command ({@link org.patou.cli.serve.ServeCommand}): options and the
 * {@code serve:} section of the configuration file to {@link org.patou.server.ServerOptions}, then
 * runs {@link org.patou.server.PatouServer} until the process is stopped.
 *
 * <p>Enters: arguments, configuration. Leaves: a running server, messages on stdout, an exit code.
 * Threads: the calling thread waits; a shutdown hook ({@code patou-serve-shutdown}) closes the
 * server.
 */
package org.patou.cli.serve;
