package nl.jeugdpoort.policy;

/** An item that may not go, with the rule that withholds it. */
public record WithheldItem(String itemId, String category, String ruleId) {}
