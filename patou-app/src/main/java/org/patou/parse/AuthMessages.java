package org.patou.parse;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.patou.event.EventBuilder;

/**
 * ECS fields from the messages of sshd, sudo, su and PAM (the lines of {@code auth.log} and {@code
 * secure}); account management messages are {@link AccountMessages}'. Patterns are anchored, have no nested quantifiers and run on lines of at most {@link
 * SyslogParser#MAX_LINE} characters, so their cost is linear.
 */
final class AuthMessages {
  private AuthMessages() {}

  private static final List<String> AUTHENTICATION = List.of("authentication");
  private static final List<String> SESSION = List.of("session");
  private static final List<String> PROCESS = List.of("process");
  private static final List<String> START = List.of("start");
  private static final List<String> END = List.of("end");
  private static final List<String> INFO = List.of("info");
  private static final List<String> NETWORK = List.of("network");

  private static final Pattern ACCEPTED =
      Pattern.compile("^Accepted (\\S+) for (\\S+) from (\\S+) port (\\d{1,5})\\b.*");
  private static final Pattern FAILED =
      Pattern.compile("^Failed (\\S+) for (invalid user )?(\\S*) from (\\S+) port (\\d{1,5})\\b.*");
  private static final Pattern INVALID_USER =
      Pattern.compile("^[Ii]nvalid user (\\S*) from (\\S+)(?: port (\\d{1,5}))?.*");
  private static final Pattern MAX_ATTEMPTS =
      Pattern.compile(
          "^error: maximum authentication attempts exceeded for (invalid user )?(\\S*) from (\\S+) port (\\d{1,5}).*");
  private static final Pattern PAM_AUTH_FAILURE =
      Pattern.compile("^pam_\\w+\\(([\\w-]+):auth\\): authentication failure;.*");
  private static final Pattern PAM_MORE_FAILURES =
      Pattern.compile("^PAM (\\d+) more authentication failures?;.*");
  private static final Pattern PAM_NO_PASSWORD =
      Pattern.compile("^pam_unix\\(([\\w-]+):auth\\): auth could not identify password for \\[([^\\]]*)\\].*");
  private static final Pattern KV_RHOST = Pattern.compile("\\brhost=(\\S*)");
  private static final Pattern KV_USER = Pattern.compile("\\suser=(\\S+)");
  private static final Pattern KV_RUSER = Pattern.compile("\\bruser=(\\S+)");
  private static final Pattern SESSION_OPENED =
      Pattern.compile(
          "^pam_\\w+\\(([\\w-]+):session\\): session opened for user ([^\\s(]+)(?:\\(uid=\\d+\\))?(?: by ([^\\s(]*)(?:\\(uid=\\d+\\))?)?.*");
  private static final Pattern SESSION_CLOSED =
      Pattern.compile("^pam_\\w+\\(([\\w-]+):session\\): session closed for user ([^\\s(]+).*");
  private static final Pattern USER_CLOSED =
      Pattern.compile(
          "^(?:Connection closed by|Connection reset by|Disconnected from) (authenticating |invalid )?user (\\S*) (\\S+) port (\\d{1,5}).*");
  private static final Pattern NOT_ALLOWED =
      Pattern.compile("^User (\\S+) from (\\S+) not allowed because .*");
  private static final Pattern CLOSE_SESSION =
      Pattern.compile("^Close session: user (\\S*) from (\\S+) port (\\d{1,5}).*");
  private static final Pattern REFUSED =
      Pattern.compile("^refused connect from (\\S*) \\(([0-9A-Fa-f:.]{2,45})\\).*");
  private static final Pattern ANY_IP_PORT =
      Pattern.compile("(?:^|[ \\[])(\\d{1,3}(?:\\.\\d{1,3}){3}|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}) port (\\d{1,5})\\b");
  private static final Pattern HOST_PORT =
      Pattern.compile(
          "^(Connection closed by|Disconnected from|Received disconnect from|Connection reset by|Unable to negotiate with|Connection from|banner exchange: Connection from|Did not receive identification string from|Timeout before authentication for|Bad protocol version identification .* from) (\\S+) port (\\d{1,5})\\b.*");
  private static final Pattern NO_IDENTIFICATION =
      Pattern.compile("^Did not receive identification string from (\\S+)(?: port (\\d{1,5}))?.*");
  private static final Pattern SUDO =
      Pattern.compile(
          "^\\s*(\\S+) : (?:(\\d+) incorrect password attempts? ; )?(?:(user NOT in sudoers|user NOT authorized on host|command not allowed) ; )?TTY=(\\S+) ; PWD=(.*?) ; USER=(\\S+) ;(?: GROUP=\\S+ ;)?(?: TSID=\\S+ ;)?(?: ENV=.*? ;)? COMMAND=(.*)$");
  private static final Pattern SU =
      Pattern.compile("^(FAILED SU |FAILED su )?\\(to (\\S+)\\) (\\S+) on (\\S+).*");
  private static final Pattern SU_FOR =
      Pattern.compile("^(Successful|FAILED) su for (\\S+) by (\\S+).*");

  private static final java.util.Set<String> AUTH_PROGRAMS =
      java.util.Set.of(
          "sshd", "sudo", "su", "login", "useradd", "userdel", "usermod", "groupadd", "groupdel",
          "groupmod", "gpasswd", "passwd", "chpasswd", "chage", "chsh", "chfn", "newusers",
          "systemd-logind", "polkitd", "pkexec", "unix_chkpwd", "cron", "CRON", "crond", "doas",
          "runuser", "sshd-session", "sshd-auth", "gdm-password", "lightdm", "vsftpd", "dovecot");

  /** True for programs that log to {@code auth.log} / {@code secure}. */
  static boolean isAuthProgram(String tag) {
    return AUTH_PROGRAMS.contains(tag) || tag.startsWith("sshd") || tag.startsWith("pam");
  }

  /** Adds the fields {@code message} of program {@code tag} gives; adds nothing when unknown. */
  static void read(String tag, String message, EventBuilder b) {
    if (tag.equals("sshd") || tag.startsWith("sshd-") || tag.startsWith("sshd@")) {
      sshd(message, b);
    } else if (tag.equals("sudo")) {
      if (!sudo(message, b)) {
        pam(message, b);
      }
    } else if (tag.equals("su")) {
      if (!su(message, b)) {
        pam(message, b);
      }
    } else if (AccountMessages.isAccountProgram(tag)) {
      if (!AccountMessages.read(message, b)) {
        pam(message, b);
      }
    } else if (message.startsWith("pam_") || message.startsWith("PAM ")) {
      // login, cron, systemd-logind, gdm-password, polkit, vsftpd...: their PAM lines
      pam(message, b);
    }
  }

  private static void sshd(String message, EventBuilder b) {
    String m = message;
    for (String prefix : new String[] {"fatal: ", "error: ", "ssh_dispatch_run_fatal: "}) {
      if (m.startsWith(prefix) && !m.startsWith("error: maximum")) {
        m = m.substring(prefix.length());
      }
    }
    Matcher x;
    if ((x = ACCEPTED.matcher(m)).matches()) {
      auth(b, "ssh_login", "success", START);
      b.add("user.name", x.group(2));
      b.add("event.reason", x.group(1));
      source(b, x.group(3), x.group(4));
    } else if ((x = FAILED.matcher(m)).matches()) {
      auth(b, "ssh_login", "failure", START);
      b.add("user.name", x.group(3));
      b.add("event.reason", x.group(2) == null ? x.group(1) : x.group(1) + ", invalid user");
      source(b, x.group(4), x.group(5));
    } else if ((x = INVALID_USER.matcher(m)).matches()) {
      auth(b, "ssh_invalid_user", "failure", START);
      b.add("user.name", x.group(1));
      source(b, x.group(2), x.group(3));
    } else if ((x = MAX_ATTEMPTS.matcher(m)).matches()) {
      auth(b, "ssh_max_attempts", "failure", START);
      b.add("user.name", x.group(2));
      source(b, x.group(3), x.group(4));
    } else if ((x = USER_CLOSED.matcher(m)).matches()) {
      b.add("event.kind", "event");
      b.add("event.category", AUTHENTICATION);
      b.add("event.type", END);
      b.add("event.action", "ssh_disconnect");
      if (x.group(1) != null) {
        b.add("event.outcome", "failure");
      }
      b.add("user.name", x.group(2));
      source(b, x.group(3), x.group(4));
    } else if ((x = HOST_PORT.matcher(m)).matches()) {
      b.add("event.kind", "event");
      b.add("event.category", NETWORK);
      b.add("event.type", INFO);
      b.add("event.action", "ssh_connection");
      if (m.startsWith("Did not receive") || m.startsWith("Unable to negotiate")
          || m.startsWith("banner exchange") || m.startsWith("Bad protocol")) {
        b.add("event.outcome", "failure");
      }
      source(b, x.group(2), x.group(3));
    } else if ((x = NO_IDENTIFICATION.matcher(m)).matches()) {
      b.add("event.kind", "event");
      b.add("event.category", NETWORK);
      b.add("event.type", INFO);
      b.add("event.action", "ssh_connection");
      b.add("event.outcome", "failure");
      source(b, x.group(1), x.group(2));
    } else if ((x = NOT_ALLOWED.matcher(m)).matches()) {
      auth(b, "ssh_login", "failure", START);
      b.add("event.reason", "user not allowed");
      b.add("user.name", x.group(1));
      source(b, x.group(2), null);
    } else if ((x = CLOSE_SESSION.matcher(m)).matches()) {
      session(b, END, "sshd");
      b.add("user.name", x.group(1));
      source(b, x.group(2), x.group(3));
    } else if ((x = REFUSED.matcher(m)).matches()) {
      b.add("event.kind", "event");
      b.add("event.category", NETWORK);
      b.add("event.type", List.of("denied"));
      b.add("event.action", "ssh_connection");
      b.add("event.outcome", "failure");
      if (!x.group(1).isEmpty() && !x.group(1).equals(x.group(2))) {
        b.add("source.domain", x.group(1));
      }
      source(b, x.group(2), null);
    } else if (!pam(m, b) && (x = ANY_IP_PORT.matcher(m)).find()) {
      source(b, x.group(1), x.group(2));
    }
  }

  private static boolean pam(String m, EventBuilder b) {
    Matcher x;
    if ((x = PAM_AUTH_FAILURE.matcher(m)).matches()) {
      auth(b, x.group(1) + "_auth", "failure", START);
      Matcher u = KV_USER.matcher(m);
      if (u.find()) {
        b.add("user.name", u.group(1));
      } else if ((u = KV_RUSER.matcher(m)).find()) {
        b.add("user.name", u.group(1));
      }
      Matcher h = KV_RHOST.matcher(m);
      if (h.find() && !h.group(1).isEmpty()) {
        source(b, h.group(1), null);
      }
      return true;
    }
    if ((x = PAM_MORE_FAILURES.matcher(m)).matches()) {
      // A summary of failures the program already logged one by one ("Failed password ..."): no
      // event.outcome, so that counting failures per source does not count them twice.
      b.add("event.kind", "event");
      b.add("event.category", AUTHENTICATION);
      b.add("event.type", INFO);
      b.add("event.action", "pam_more_failures");
      b.add("event.reason", x.group(1) + " more authentication failures");
      Matcher u = KV_USER.matcher(m);
      if (u.find()) {
        b.add("user.name", u.group(1));
      }
      Matcher h = KV_RHOST.matcher(m);
      if (h.find() && !h.group(1).isEmpty()) {
        source(b, h.group(1), null);
      }
      return true;
    }
    if ((x = PAM_NO_PASSWORD.matcher(m)).matches()) {
      auth(b, x.group(1) + "_auth", "failure", START);
      b.add("event.reason", "could not identify password");
      if (!x.group(2).isEmpty()) {
        b.add("user.name", x.group(2));
      }
      return true;
    }
    if ((x = SESSION_OPENED.matcher(m)).matches()) {
      session(b, START, x.group(1));
      String by = x.group(3);
      if (by != null && !by.isEmpty()) {
        b.add("user.name", by);
        b.add("user.effective.name", x.group(2));
      } else {
        b.add("user.name", x.group(2));
      }
      return true;
    }
    if ((x = SESSION_CLOSED.matcher(m)).matches()) {
      session(b, END, x.group(1));
      b.add("user.name", x.group(2));
      return true;
    }
    return false;
  }

  private static boolean sudo(String m, EventBuilder b) {
    Matcher x = SUDO.matcher(m);
    if (!x.matches()) {
      return false;
    }
    boolean failed = x.group(2) != null || x.group(3) != null;
    b.add("event.kind", "event");
    b.add("event.category", PROCESS);
    b.add("event.type", START);
    b.add("event.action", "sudo_command");
    b.add("event.outcome", failed ? "failure" : "success");
    if (x.group(3) != null) {
      b.add("event.reason", x.group(3));
    } else if (x.group(2) != null) {
      b.add("event.reason", x.group(2) + " incorrect password attempts");
    }
    b.add("user.name", x.group(1));
    b.add("user.effective.name", x.group(6));
    b.add("process.working_directory", x.group(5));
    String command = x.group(7);
    b.add("process.command_line", command);
    // The command sudo ran starts with its full path: that is the started process's executable.
    if (command.startsWith("/")) {
      int space = command.indexOf(' ');
      b.add("process.executable", space < 0 ? command : command.substring(0, space));
    }
    b.add("process.tty", x.group(4));
    return true;
  }

  private static boolean su(String m, EventBuilder b) {
    Matcher x;
    if ((x = SU.matcher(m)).matches()) {
      auth(b, "su", x.group(1) == null ? "success" : "failure", START);
      b.add("user.name", x.group(3));
      b.add("user.effective.name", x.group(2));
      b.add("process.tty", x.group(4));
      return true;
    }
    if ((x = SU_FOR.matcher(m)).matches()) {
      auth(b, "su", x.group(1).equals("Successful") ? "success" : "failure", START);
      b.add("user.name", x.group(3));
      b.add("user.effective.name", x.group(2));
      return true;
    }
    return false;
  }

  private static void auth(EventBuilder b, String action, String outcome, List<String> type) {
    b.add("event.kind", "event");
    b.add("event.category", AUTHENTICATION);
    b.add("event.type", type);
    b.add("event.action", action);
    b.add("event.outcome", outcome);
  }

  private static void session(EventBuilder b, List<String> type, String service) {
    b.add("event.kind", "event");
    b.add("event.category", SESSION);
    b.add("event.type", type);
    b.add("event.action", service + "_session");
  }

  private static void source(EventBuilder b, String ip, String port) {
    if (looksLikeIp(ip)) {
      b.add("source.ip", ip);
    } else {
      b.add("source.domain", ip);
    }
    if (port != null) {
      long p = Digits.of(port, 0, port.length());
      if (p >= 0 && p <= 65535) {
        b.add("source.port", p);
      }
    }
  }

  /** An IPv4 dotted quad or an IPv6 literal (hex digits, colons, dots, optional zone). */
  static boolean looksLikeIp(String s) {
    if (s.isEmpty() || s.length() > 45) {
      return false;
    }
    boolean colon = s.indexOf(':') >= 0;
    if (!colon) {
      String[] parts = s.split("\\.", -1);
      if (parts.length != 4) {
        return false;
      }
      for (String p : parts) {
        long v = Digits.of(p, 0, p.length());
        if (v < 0 || v > 255 || p.length() > 3) {
          return false;
        }
      }
      return true;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
          || c == ':' || c == '.' || c == '%';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
