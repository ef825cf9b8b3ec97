/**
 * The prevention commands: {@code patou simulate} (replay logs offline through parsing, scenarios
 * and decisions, with event time) and {@code patou decisions add|delete|list|reconcile}. Wiring
 * only: the logic is in {@link org.patou.decide} and {@link org.patou.respond}.
 *
 * <p>Enters: command lines. Leaves: exit codes, decision lines. Runs on the caller's thread.
 */
package org.patou.cli.prevent;
