/**
 * Data leaving: the egress view ({@link org.patou.egress.EgressEngine}: bytes out per internal
 * host, destination and time bucket; a baseline of transfer sizes per host), the rule that flags a
 * large or unusual transfer to a destination new for the host ({@link
 * org.patou.egress.EgressPolicy}), and the decisions of scope egress that block only that pair
 * ({@link org.patou.egress.EgressDecisions}, through {@link org.patou.decide.Decider} and its
 * allowlist). Flows come from Zeek conn logs ({@link org.patou.egress.ConnLog}), kernel firewall
 * log lines ({@link org.patou.egress.FirewallLog}) or stored events ({@link
 * org.patou.egress.EventFlows}); {@link org.patou.egress.EgressObserver} runs it all live in
 * {@code patou serve}. See docs/egress.md.
 *
 * <p>Enters: flows with their own time. Leaves: the view, transfers, alerts, decisions. The
 * engine is pure and bounded (LRU pairs and hosts, evictions counted); the observer stores alerts
 * and decisions and calls the enforcers on the pipeline thread. Not thread-safe.
 */
package org.patou.egress;
