package org.patou.inventory;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * nmap's XML output ({@code nmap -sV -oX scan.xml ...}): per {@code <host>} with state up, its
 * addresses (ipv4/ipv6/mac), first hostname, and each {@code <port>} whose state is {@code open}
 * with its {@code <service name product version>}. The doors are marked exposed unless the scan is
 * declared internal (a scan run from inside says what listens, not what the internet reaches). DTDs
 * and external entities are refused.
 */
public final class NmapXml {
  private NmapXml() {}

  public static Inventory parse(String file, byte[] xml, boolean exposed) throws ParseException {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    List<Inventory.Host> hosts = new ArrayList<>();
    int hostIndex = -1;
    try {
      XMLStreamReader r = f.createXMLStreamReader(new ByteArrayInputStream(xml));
      boolean sawRoot = false;
      List<String> addrs = null;
      List<String> macs = null;
      List<Door> doors = null;
      String hostname = null;
      boolean up = false;
      Integer port = null;
      String proto = null;
      boolean open = false;
      String svc = null;
      String product = null;
      String version = null;
      while (r.hasNext()) {
        int ev = r.next();
        if (ev == XMLStreamConstants.DTD) {
          continue;
        }
        if (ev == XMLStreamConstants.START_ELEMENT) {
          String n = r.getLocalName();
          switch (n) {
            case "nmaprun" -> sawRoot = true;
            case "host" -> {
              hostIndex++;
              addrs = new ArrayList<>();
              macs = new ArrayList<>();
              doors = new ArrayList<>();
              hostname = null;
              up = true;
            }
            case "status" -> {
              if (addrs != null) {
                up = "up".equals(r.getAttributeValue(null, "state"));
              }
            }
            case "address" -> {
              if (addrs != null) {
                String a = r.getAttributeValue(null, "addr");
                if ("mac".equals(r.getAttributeValue(null, "addrtype"))) {
                  macs.add(a.toUpperCase(Locale.ROOT));
                } else {
                  addrs.add(a);
                }
              }
            }
            case "hostname" -> {
              if (addrs != null && hostname == null) {
                hostname = r.getAttributeValue(null, "name");
              }
            }
            case "port" -> {
              proto = r.getAttributeValue(null, "protocol");
              try {
                port = Integer.valueOf(r.getAttributeValue(null, "portid"));
              } catch (NumberFormatException e) {
                throw new ParseException(file, "host[" + hostIndex + "] line " + r.getLocation().getLineNumber(),
                    "portid is not a number");
              }
              open = false;
              svc = product = version = null;
            }
            case "state" -> {
              if (port != null) {
                open = "open".equals(r.getAttributeValue(null, "state"));
              }
            }
            case "service" -> {
              if (port != null) {
                svc = r.getAttributeValue(null, "name");
                product = r.getAttributeValue(null, "product");
                version = r.getAttributeValue(null, "version");
                String tunnel = r.getAttributeValue(null, "tunnel");
                if ("ssl".equals(tunnel) && svc != null && !svc.startsWith("ssl")) {
                  svc = "ssl/" + svc;
                }
              }
            }
            default -> { }
          }
        } else if (ev == XMLStreamConstants.END_ELEMENT) {
          String n = r.getLocalName();
          if (n.equals("port") && port != null) {
            if (open && doors != null) {
              String addr = addrs == null || addrs.isEmpty() ? null : addrs.get(0);
              doors.add(new Door(addr, port, proto == null ? "tcp" : proto, svc, product, version, exposed, "nmap"));
            }
            port = null;
          } else if (n.equals("host") && addrs != null) {
            if (up) {
              String name = hostname;
              Asset a = new Asset(name == null ? "" : name, addrs, macs, null, null, null, null,
                  Asset.DEFAULT_CRITICALITY, List.of());
              hosts.add(new Inventory.Host(a, null, doors, List.of(), List.of()));
            }
            addrs = null;
          }
        }
      }
      if (!sawRoot) {
        throw new ParseException(file, "document", "not nmap XML (no <nmaprun>)");
      }
    } catch (XMLStreamException e) {
      int line = e.getLocation() == null ? -1 : e.getLocation().getLineNumber();
      throw new ParseException(file, "host[" + Math.max(hostIndex, 0) + "] line " + line, "malformed XML: " + e.getMessage(), e);
    }
    return new Inventory(exposed ? "nmap" : "nmap-internal", hosts);
  }
}
