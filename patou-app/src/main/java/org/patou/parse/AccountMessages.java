package org.patou.parse;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.patou.event.EventBuilder;

/**
 * ECS fields from the account management messages of Linux's shadow-utils ({@code useradd},
 * {@code usermod}, {@code userdel}, {@code groupadd}, {@code groupmod}, {@code groupdel}, {@code
 * gpasswd}, {@code passwd}, {@code chpasswd}, {@code chage}) and PAM's password changes: {@code
 * event.category: iam}, {@code event.type} {@code user}/{@code group} plus {@code creation}/{@code
 * change}/{@code deletion}, {@code event.action}, {@code user.name} (the account concerned), {@code
 * user.id}, {@code group.name}, {@code group.id}; the actor, when the message names one, goes to
 * {@code related.user} with the account. Only the lines of these programs reach here (a few per
 * day on a host), so precompiled anchored patterns are cheap enough.
 */
final class AccountMessages {
  private AccountMessages() {}

  private static final List<String> IAM = List.of("iam");
  private static final List<String> USER_CREATION = List.of("user", "creation");
  private static final List<String> USER_CHANGE = List.of("user", "change");
  private static final List<String> USER_DELETION = List.of("user", "deletion");
  private static final List<String> GROUP_CREATION = List.of("group", "creation");
  private static final List<String> GROUP_CHANGE = List.of("group", "change");
  private static final List<String> GROUP_DELETION = List.of("group", "deletion");

  private static final Pattern NEW_USER = Pattern.compile(
      "^new user: name=([^,\\s]+), UID=(\\d+), GID=(\\d+), home=([^,]*), shell=([^,]*?)(?:, from=(\\S*))?$");
  private static final Pattern NEW_GROUP = Pattern.compile(
      "^(?:new group|group added to /etc/(?:group|gshadow)): name=([^,\\s]+)(?:, GID=(\\d+))?.*");
  private static final Pattern ADD_TO_GROUP = Pattern.compile("^add '([^']+)' to (?:shadow )?group '([^']+)'.*");
  private static final Pattern DELETE_FROM_GROUP =
      Pattern.compile("^delete '([^']+)' from (?:shadow )?group '([^']+)'.*");
  private static final Pattern DELETE_USER = Pattern.compile("^delete user '([^']+)'.*");
  private static final Pattern REMOVED_GROUP =
      Pattern.compile("^(?:removed (?:shadow )?group '([^']+)' owned by '[^']*'|group '([^']+)' removed(?: from \\S+)?)\\s*$");
  private static final Pattern CHANGE_USER_NAME = Pattern.compile("^change user name '([^']+)' to '([^']+)'.*");
  private static final Pattern CHANGE_USER = Pattern.compile("^(change|lock|unlock) user '([^']+)' (\\w+).*");
  private static final Pattern GROUP_CHANGED = Pattern.compile(
      "^group changed in \\S+ \\(group ([^/\\s]+)/(\\d+)(?:, new name: ([^,)\\s]+))?(?:, new gid: (\\d+))?\\).*");
  private static final Pattern PASSWORD_CHANGED_BY = Pattern.compile("^password for '([^']+)' changed by '([^']+)'.*");
  private static final Pattern PAM_PASSWORD_CHANGED =
      Pattern.compile("^pam_\\w+\\(([\\w-]+):chauthtok\\): password changed for (\\S+).*");
  private static final Pattern GPASSWD = Pattern.compile("^user (\\S+) (added|removed) by (\\S+) (?:to|from) group (\\S+).*");
  private static final Pattern GPASSWD_SET = Pattern.compile("^members of group (\\S+) set by (\\S+) to (\\S*).*");
  private static final Pattern CHAGE = Pattern.compile("^changed password expiry for (\\S+).*");
  private static final Pattern FAILED_ADDING = Pattern.compile("^failed adding user '([^']+)'.*");

  /** True for the programs whose messages this class reads. */
  static boolean isAccountProgram(String tag) {
    return switch (tag) {
      case "useradd", "usermod", "userdel", "groupadd", "groupmod", "groupdel", "gpasswd", "passwd", "chpasswd",
          "chage", "newusers" -> true;
      default -> false;
    };
  }

  /** Adds the fields of an account message; false (nothing added) when the message is not one. */
  static boolean read(String message, EventBuilder b) {
    String m = message;
    if (m.isEmpty()) {
      return false;
    }
    Matcher x;
    switch (m.charAt(0)) {
      case 'n' -> {
        if ((x = NEW_USER.matcher(m)).matches()) {
          iam(b, USER_CREATION, "user_created", "success");
          b.add("user.name", x.group(1));
          b.add("user.id", x.group(2));
          b.add("group.id", x.group(3));
          // not in ECS: named as Elastic's system module names them
          b.add("system.auth.useradd.home", x.group(4));
          b.add("system.auth.useradd.shell", x.group(5));
          return true;
        }
        if ((x = NEW_GROUP.matcher(m)).matches()) {
          return group(b, GROUP_CREATION, "group_created", x.group(1), x.group(2));
        }
      }
      case 'g' -> {
        if ((x = NEW_GROUP.matcher(m)).matches()) {
          return group(b, GROUP_CREATION, "group_created", x.group(1), x.group(2));
        }
        if ((x = REMOVED_GROUP.matcher(m)).matches()) {
          return group(b, GROUP_DELETION, "group_deleted", x.group(2), null);
        }
        if ((x = GROUP_CHANGED.matcher(m)).matches()) {
          group(b, GROUP_CHANGE, "group_changed", x.group(1), x.group(2));
          if (x.group(3) != null) {
            b.add("group.changes.name", x.group(3));
          }
          if (x.group(4) != null) {
            b.add("group.changes.id", x.group(4));
          }
          return true;
        }
      }
      case 'a' -> {
        if ((x = ADD_TO_GROUP.matcher(m)).matches()) {
          iam(b, USER_CHANGE, "user_added_to_group", "success");
          b.add("user.name", x.group(1));
          b.add("group.name", x.group(2));
          return true;
        }
      }
      case 'd' -> {
        if ((x = DELETE_USER.matcher(m)).matches()) {
          iam(b, USER_DELETION, "user_deleted", "success");
          b.add("user.name", x.group(1));
          return true;
        }
        if ((x = DELETE_FROM_GROUP.matcher(m)).matches()) {
          iam(b, USER_CHANGE, "user_removed_from_group", "success");
          b.add("user.name", x.group(1));
          b.add("group.name", x.group(2));
          return true;
        }
      }
      case 'r' -> {
        if ((x = REMOVED_GROUP.matcher(m)).matches()) {
          return group(b, GROUP_DELETION, "group_deleted", x.group(1), null);
        }
      }
      case 'c', 'l', 'u' -> {
        if ((x = CHANGE_USER_NAME.matcher(m)).matches()) {
          iam(b, USER_CHANGE, "user_renamed", "success");
          b.add("user.name", x.group(1));
          b.add("user.changes.name", x.group(2));
          return true;
        }
        if ((x = CHANGE_USER.matcher(m)).matches()) {
          String verb = x.group(1);
          String what = x.group(3);
          iam(b, USER_CHANGE, verb.equals("change") ? "user_" + what.toLowerCase(java.util.Locale.ROOT) + "_changed"
              : "user_password_" + verb + "ed", "success");
          b.add("user.name", x.group(2));
          return true;
        }
        if ((x = CHAGE.matcher(m)).matches()) {
          iam(b, USER_CHANGE, "password_expiry_changed", "success");
          b.add("user.name", x.group(1));
          return true;
        }
      }
      case 'p' -> {
        if ((x = PASSWORD_CHANGED_BY.matcher(m)).matches()) {
          iam(b, USER_CHANGE, "password_changed", "success");
          b.add("user.name", x.group(1));
          b.add("related.user", List.of(x.group(1), x.group(2)));
          return true;
        }
        if ((x = PAM_PASSWORD_CHANGED.matcher(m)).matches()) {
          iam(b, USER_CHANGE, "password_changed", "success");
          b.add("user.name", x.group(2));
          return true;
        }
      }
      default -> {
        // fall through to the patterns below
      }
    }
    if ((x = GPASSWD.matcher(m)).matches()) {
      boolean added = x.group(2).equals("added");
      iam(b, USER_CHANGE, added ? "user_added_to_group" : "user_removed_from_group", "success");
      b.add("user.name", x.group(1));
      b.add("group.name", x.group(4));
      b.add("related.user", List.of(x.group(1), x.group(3)));
      return true;
    }
    if ((x = GPASSWD_SET.matcher(m)).matches()) {
      group(b, GROUP_CHANGE, "group_members_set", x.group(1), null);
      b.add("related.user", List.of(x.group(2)));
      return true;
    }
    if ((x = FAILED_ADDING.matcher(m)).matches()) {
      iam(b, USER_CREATION, "user_created", "failure");
      b.add("user.name", x.group(1));
      return true;
    }
    return false;
  }

  private static boolean group(EventBuilder b, List<String> type, String action, String name, String gid) {
    iam(b, type, action, "success");
    b.add("group.name", name);
    if (gid != null) {
      b.add("group.id", gid);
    }
    return true;
  }

  private static void iam(EventBuilder b, List<String> type, String action, String outcome) {
    b.add("event.kind", "event");
    b.add("event.category", IAM);
    b.add("event.type", type);
    b.add("event.action", action);
    b.add("event.outcome", outcome);
  }
}
