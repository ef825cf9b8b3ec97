/**
 * Live prevention: the behaviour scenarios ({@link org.patou.decide}) on every event {@code patou
 * serve} stores, through a {@link org.patou.runtime.EventObserver}, and their decisions enforced
 * ({@link org.patou.respond}) and persisted. {@link org.patou.prevent.LivePrevention} runs on the
 * pipeline thread (scenarios, decider, one alert and one log line per decision) and hands each
 * decision at once, without waiting for a store commit, to {@link org.patou.prevent.Enforcement},
 * whose own thread ({@code patou-enforce}) applies it (nft batches, hooks), persists it and lifts
 * expired decisions.
 *
 * <p>Enters: stored events (ECS fields). Leaves: decisions (nftables sets, hooks, {@code
 * decide_decisions} in {@code DATA/patou.mv.db}), alerts, log lines.
 */
package org.patou.prevent;
