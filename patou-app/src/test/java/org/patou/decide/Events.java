package org.patou.decide;

import java.time.Instant;
import org.patou.event.Event;
import org.patou.event.EventBuilder;

/** Small events for the decide tests. */
final class Events {
  private Events() {}

  static Event ssh(String ip, String user, String outcome, long epochSecond) {
    return new EventBuilder()
        .add("@timestamp", Instant.ofEpochSecond(epochSecond).toString())
        .add("process.name", "sshd")
        .add("source.ip", ip)
        .add("user.name", user)
        .add("event.action", "ssh_login")
        .add("event.outcome", outcome)
        .add("message", outcome.equals("success") ? "Accepted password" : "Failed password")
        .build();
  }
}
