package org.patou.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.patou.event.Event;

/**
 * Linux account management lines as shadow-utils (useradd, usermod, userdel, groupadd, groupmod,
 * groupdel, gpasswd, passwd, chage) and PAM write them to auth.log; the messages are the format
 * strings of shadow-utils 4.x ({@code SYSLOG ((LOG_INFO, "new user: name=%s, UID=%u, ..."))}) and
 * of pam_unix.
 */
class AccountMessagesTest {
  final SyslogParser p = new SyslogParser(ZoneOffset.UTC, ZonedDateTime.of(2024, 6, 1, 0, 0, 0, 0, ZoneOffset.UTC));

  Event parse(String program, String message) {
    return p.parse("May 14 09:12:01 web01 " + program + "[4242]: " + message);
  }

  void iam(Event e, List<String> type, String action, String user, String group) {
    assertThat(e.get("event.category")).as(e.toString()).isEqualTo(List.of("iam"));
    assertThat(e.get("event.type")).isEqualTo(type);
    assertThat(e.get("event.action")).isEqualTo(action);
    assertThat(e.get("user.name")).isEqualTo(user);
    assertThat(e.get("group.name")).isEqualTo(group);
    assertThat(e.get("event.dataset")).isEqualTo("system.auth");
    assertThat(e.get("host.name")).isEqualTo("web01");
  }

  @Test
  void usersAndGroupsCreatedChangedDeleted() {
    Event e = parse("useradd", "new user: name=mallory, UID=1001, GID=1001, home=/home/mallory, shell=/bin/bash, from=/dev/pts/0");
    iam(e, List.of("user", "creation"), "user_created", "mallory", null);
    assertThat(e.get("user.id")).isEqualTo("1001");
    assertThat(e.get("group.id")).isEqualTo("1001");
    assertThat(e.get("system.auth.useradd.shell")).isEqualTo("/bin/bash");
    assertThat(e.get("event.outcome")).isEqualTo("success");
    iam(parse("useradd", "new user: name=svc, UID=998, GID=998, home=/var/lib/svc, shell=/usr/sbin/nologin"),
        List.of("user", "creation"), "user_created", "svc", null);
    Event g = parse("useradd", "new group: name=mallory, GID=1001");
    iam(g, List.of("group", "creation"), "group_created", null, "mallory");
    assertThat(g.get("group.id")).isEqualTo("1001");
    iam(parse("groupadd", "group added to /etc/group: name=devs, GID=1002"), List.of("group", "creation"), "group_created", null, "devs");
    iam(parse("groupadd", "group added to /etc/gshadow: name=devs"), List.of("group", "creation"), "group_created", null, "devs");
    iam(parse("usermod", "add 'mallory' to group 'sudo'"), List.of("user", "change"), "user_added_to_group", "mallory", "sudo");
    iam(parse("usermod", "add 'mallory' to shadow group 'sudo'"), List.of("user", "change"), "user_added_to_group", "mallory", "sudo");
    iam(parse("useradd", "add 'mallory' to group 'docker'"), List.of("user", "change"), "user_added_to_group", "mallory", "docker");
    iam(parse("usermod", "delete 'mallory' from group 'sudo'"), List.of("user", "change"), "user_removed_from_group", "mallory", "sudo");
    iam(parse("usermod", "change user 'mallory' shell from '/bin/sh' to '/bin/bash'"), List.of("user", "change"), "user_shell_changed", "mallory", null);
    iam(parse("usermod", "lock user 'mallory' password"), List.of("user", "change"), "user_password_locked", "mallory", null);
    Event renamed = parse("usermod", "change user name 'mallory' to 'eve'");
    iam(renamed, List.of("user", "change"), "user_renamed", "mallory", null);
    assertThat(renamed.get("user.changes.name")).isEqualTo("eve");
    iam(parse("userdel", "delete user 'mallory'"), List.of("user", "deletion"), "user_deleted", "mallory", null);
    iam(parse("userdel", "removed group 'mallory' owned by 'mallory'"), List.of("group", "deletion"), "group_deleted", null, "mallory");
    iam(parse("groupdel", "group 'devs' removed"), List.of("group", "deletion"), "group_deleted", null, "devs");
    iam(parse("groupdel", "group 'devs' removed from /etc/group"), List.of("group", "deletion"), "group_deleted", null, "devs");
    Event gm = parse("groupmod", "group changed in /etc/group (group devs/1002, new name: developers)");
    iam(gm, List.of("group", "change"), "group_changed", null, "devs");
    assertThat(gm.get("group.changes.name")).isEqualTo("developers");
    Event gp = parse("gpasswd", "user mallory added by root to group wheel");
    iam(gp, List.of("user", "change"), "user_added_to_group", "mallory", "wheel");
    assertThat(gp.get("related.user")).isEqualTo(List.of("mallory", "root"));
    iam(parse("passwd", "pam_unix(passwd:chauthtok): password changed for mallory"), List.of("user", "change"), "password_changed", "mallory", null);
    iam(parse("chpasswd", "pam_unix(chpasswd:chauthtok): password changed for bob"), List.of("user", "change"), "password_changed", "bob", null);
    iam(parse("passwd", "password for 'bob' changed by 'root'"), List.of("user", "change"), "password_changed", "bob", null);
    iam(parse("chage", "changed password expiry for bob"), List.of("user", "change"), "password_expiry_changed", "bob", null);
    Event failed = parse("useradd", "failed adding user 'x y', data deleted");
    assertThat(failed.get("event.outcome")).isEqualTo("failure");
  }

  @Test
  void pamLinesOfOtherPrograms() {
    Event opened = parse("login", "pam_unix(login:session): session opened for user alice(uid=1000) by LOGIN(uid=0)");
    assertThat(opened.get("event.category")).isEqualTo(List.of("session"));
    Event gdm = p.parse("May 14 09:12:01 web01 gdm-password]: pam_unix(gdm-password:session): session opened for user alice(uid=1000) by (uid=0)");
    assertThat(gdm.get("event.action")).isEqualTo("gdm-password_session");
    assertThat(gdm.get("user.name")).isEqualTo("alice");
    Event sss = parse("sshd", "pam_sss(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.9 user=bob");
    assertThat(sss.get("event.outcome")).isEqualTo("failure");
    assertThat(sss.get("user.name")).isEqualTo("bob");
    assertThat(sss.get("source.ip")).isEqualTo("203.0.113.9");
    Event more = parse("sshd", "PAM 2 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.9  user=root");
    assertThat(more.get("event.category")).isEqualTo(List.of("authentication"));
    assertThat(more.get("event.outcome")).isEqualTo("failure");
    assertThat(more.get("user.name")).isEqualTo("root");
    assertThat(more.get("source.ip")).isEqualTo("203.0.113.9");
    Event nopw = parse("sudo", "pam_unix(sudo:auth): auth could not identify password for [mallory]");
    assertThat(nopw.get("event.outcome")).isEqualTo("failure");
    assertThat(nopw.get("user.name")).isEqualTo("mallory");
    Event polkit = parse("polkitd", "pam_unix(polkit-1:session): session closed for user root");
    assertThat(polkit.get("event.type")).isEqualTo(List.of("end"));
    // an account program's unknown message: the syslog fields only
    Event unknown = parse("useradd", "something else entirely");
    assertThat(unknown.get("event.category")).isNull();
    assertThat(unknown.get("event.dataset")).isEqualTo("system.auth");
  }
}
