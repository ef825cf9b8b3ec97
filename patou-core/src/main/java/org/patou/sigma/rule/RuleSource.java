package org.patou.sigma.rule;

/**
 * The text of one rule file and the name used for it in messages (usually its path). The core never
 * opens files: the caller reads them and hands the text in.
 */
public record RuleSource(String name, String text) {}
