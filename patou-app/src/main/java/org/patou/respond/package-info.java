/**
 * The respond stage: keeps decisions ({@link org.patou.respond.DecisionStore}, H2 tables {@code
 * decide_*} in {@code <data>/patou.mv.db}) and enforces them: nftables named sets with timeouts
 * ({@link org.patou.respond.NftablesEnforcer}, batches built by {@link org.patou.respond.NftBatch})
 * and a command per decision ({@link org.patou.respond.HookEnforcer}).
 *
 * <p>Enters: decisions. Leaves: rows, nft batches, processes. Owns no threads: commands run on the
 * caller's thread and are waited for with a timeout.
 */
package org.patou.respond;
