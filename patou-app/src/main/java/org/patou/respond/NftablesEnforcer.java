package org.patou.respond;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.patou.decide.Decision;

/**
 * Enforces ban decisions of scope ip and range with nftables: each change is one {@code nft -f -}
 * batch (atomic). {@link #reconcile} rebuilds {@code table inet patou} from the persisted decisions,
 * which is what patou does on start. The command prefix can be changed (for example {@code ip
 * netns exec NS nft}) for tests.
 */
public final class NftablesEnforcer implements Enforcer {
  private final List<String> nft;
  private final int priority;
  private final boolean account;

  public NftablesEnforcer() {
    this(List.of("nft"), -10);
  }

  public NftablesEnforcer(List<String> nftCommand, int priority) {
    this(nftCommand, priority, false);
  }

  /** @param account count forwarded and sent packets per address pair (see {@link NftBatch#rebuild(List, Instant, int, boolean)}) */
  public NftablesEnforcer(List<String> nftCommand, int priority, boolean account) {
    this.nft = List.copyOf(nftCommand);
    this.priority = priority;
    this.account = account;
  }

  /** The accounting sets' counters now (the table must have been rebuilt with accounting). */
  public List<NftCounters.Counter> counters() throws IOException {
    List<NftCounters.Counter> out = new ArrayList<>();
    for (String set : new String[] {"acct4", "acct6"}) {
      List<String> c = new ArrayList<>(nft);
      c.addAll(List.of("-j", "list", "set", "inet", NftBatch.TABLE, set));
      Commands.Result r = Commands.run(c, null, Map.of(), 30);
      if (r.exit() != 0) {
        throw new IOException("nft failed (" + r.exit() + "): " + r.output().strip());
      }
      out.addAll(NftCounters.parse(r.output()));
    }
    return out;
  }

  @Override
  public void apply(List<Decision> decisions, Instant now) throws IOException {
    String batch = NftBatch.add(decisions, now);
    if (!batch.isEmpty()) {
      run(batch);
    }
  }

  @Override
  public void remove(List<Decision> decisions) throws IOException {
    // One element at a time: deleting one that already expired must not undo the others.
    for (Decision d : decisions) {
      String batch = NftBatch.delete(List.of(d));
      if (!batch.isEmpty()) {
        Commands.Result r = Commands.run(command(), batch, Map.of(), 30);
        if (r.exit() != 0 && !r.output().contains("No such file")) {
          throw new IOException("nft failed (" + r.exit() + "): " + r.output().strip());
        }
      }
    }
  }

  @Override
  public void reconcile(List<Decision> active, Instant now) throws IOException {
    run(NftBatch.rebuild(active, now, priority, account));
  }

  private List<String> command() {
    List<String> c = new ArrayList<>(nft);
    c.add("-f");
    c.add("-");
    return c;
  }

  private void run(String batch) throws IOException {
    Commands.Result r = Commands.run(command(), batch, Map.of(), 30);
    if (r.exit() != 0) {
      throw new IOException("nft failed (" + r.exit() + "): " + r.output().strip());
    }
  }
}
