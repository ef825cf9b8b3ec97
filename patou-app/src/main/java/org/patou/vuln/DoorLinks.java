package org.patou.vuln;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.patou.inventory.Door;

/**
 * Which installed packages serve a door: a fixed table from service names (nmap's, or guessed from
 * well-known ports when the door has none) to package-name prefixes, plus the door's product name
 * (nmap's {@code product}, e.g. {@code nginx}) matched against the package name. TLS services also
 * link the TLS libraries. Documented in docs/inventory.md; extend the table here.
 */
public final class DoorLinks {
  private DoorLinks() {}

  static final Map<String, List<String>> SERVICE_PACKAGES = Map.ofEntries(
      Map.entry("ssh", List.of("openssh", "dropbear")),
      Map.entry("http", List.of("nginx", "apache2", "httpd", "lighttpd", "haproxy", "tomcat", "caddy", "squid")),
      Map.entry("https", List.of("nginx", "apache2", "httpd", "lighttpd", "haproxy", "tomcat", "caddy")),
      Map.entry("http-proxy", List.of("squid", "haproxy", "nginx", "tomcat")),
      Map.entry("smtp", List.of("postfix", "exim", "sendmail", "opensmtpd")),
      Map.entry("submission", List.of("postfix", "exim", "sendmail", "opensmtpd")),
      Map.entry("imap", List.of("dovecot", "cyrus")),
      Map.entry("pop3", List.of("dovecot", "cyrus")),
      Map.entry("domain", List.of("bind", "dnsmasq", "unbound", "knot")),
      Map.entry("mysql", List.of("mysql", "mariadb")),
      Map.entry("postgresql", List.of("postgresql")),
      Map.entry("microsoft-ds", List.of("samba")),
      Map.entry("netbios-ssn", List.of("samba")),
      Map.entry("ftp", List.of("vsftpd", "proftpd", "pure-ftpd")),
      Map.entry("ms-wbt-server", List.of("xrdp", "freerdp")),
      Map.entry("vnc", List.of("tightvnc", "x11vnc", "tigervnc")),
      Map.entry("openvpn", List.of("openvpn")),
      Map.entry("ldap", List.of("openldap", "slapd")));

  static final List<String> TLS_LIBRARIES = List.of("openssl", "libssl", "gnutls", "libgnutls");

  private static final Map<Integer, String> WELL_KNOWN = Map.ofEntries(
      Map.entry(21, "ftp"), Map.entry(22, "ssh"), Map.entry(25, "smtp"), Map.entry(53, "domain"),
      Map.entry(80, "http"), Map.entry(110, "pop3"), Map.entry(143, "imap"), Map.entry(389, "ldap"),
      Map.entry(443, "ssl/https"), Map.entry(445, "microsoft-ds"), Map.entry(465, "ssl/smtp"),
      Map.entry(587, "submission"), Map.entry(993, "ssl/imap"), Map.entry(995, "ssl/pop3"),
      Map.entry(1194, "openvpn"), Map.entry(3306, "mysql"), Map.entry(3389, "ms-wbt-server"),
      Map.entry(5432, "postgresql"), Map.entry(5900, "vnc"), Map.entry(8080, "http-proxy"),
      Map.entry(8443, "ssl/https"));

  /** The service name of a door, from the door or its port. */
  static String service(Door d) {
    if (d.service() != null && !d.service().isBlank() && !d.service().equals("unknown")) {
      return d.service().toLowerCase(Locale.ROOT);
    }
    return WELL_KNOWN.getOrDefault(d.port(), "");
  }

  /** True when the package (name or source name) plausibly serves through the door. */
  public static boolean serves(Door d, String pkg, String sourceName) {
    String p = pkg.toLowerCase(Locale.ROOT);
    String src = sourceName == null ? p : sourceName.toLowerCase(Locale.ROOT);
    String svc = service(d);
    boolean tls = svc.startsWith("ssl/") || svc.equals("https") || svc.endsWith("s") && svc.length() == 5;
    String base = svc.startsWith("ssl/") ? svc.substring(4) : svc;
    List<String> prefixes = new ArrayList<>(SERVICE_PACKAGES.getOrDefault(base, List.of()));
    if (tls) {
      prefixes.addAll(TLS_LIBRARIES);
    }
    for (String pre : prefixes) {
      if (p.startsWith(pre) || src.startsWith(pre)) {
        return true;
      }
    }
    if (d.product() != null) {
      String prod = d.product().toLowerCase(Locale.ROOT).split("[\\s/]+")[0];
      if (prod.length() >= 4 && (p.startsWith(prod) || src.startsWith(prod) || prod.startsWith(p) && p.length() >= 4)) {
        return true;
      }
    }
    return false;
  }
}
