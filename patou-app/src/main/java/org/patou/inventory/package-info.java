/**
 * Assets, their installed software and their doors (listening or exposed services).
 *
 * <p>Enters: package databases and listings (dpkg status, {@code dpkg-query -W}, {@code rpm -qa},
 * apk's installed database), the Windows installed-programs JSON export, CycloneDX and SPDX JSON
 * SBOMs, nmap XML, doors files, and the local machine ({@link org.patou.inventory.LocalCollector}).
 * {@link org.patou.inventory.Importers} detects the format from content and returns an {@link
 * org.patou.inventory.Inventory} snapshot; {@link org.patou.inventory.InventoryStore} merges it into
 * H2 by the identity rules of {@code docs/inventory.md}. Leaves: {@link org.patou.inventory.Asset},
 * {@link org.patou.inventory.Software}, {@link org.patou.inventory.Door}. Parsers are pure and
 * single-threaded; malformed input raises {@link org.patou.inventory.ParseException} naming file and
 * record before anything is stored.
 */
package org.patou.inventory;
