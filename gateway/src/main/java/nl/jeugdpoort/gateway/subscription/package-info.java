/**
 * FHIR Subscriptions (issue #16, item 3): a requester's system is told that its data request
 * finished, without polling — the R4 backport of topic-based subscriptions, rest-hook channel, one
 * topic ({@link Subscriptions#TOPIC}). {@link Subscriptions} keeps the subscriptions of an
 * organisation and writes one notification per finished request in the transaction that finishes
 * it; {@link SubscriptionNotifications} posts them from an outbox (claimed with a lease, retried,
 * audited); {@link Endpoints} is the rule for where the gateway may post (no internal addresses);
 * {@link SubscriptionResources} maps to and from FHIR. Depends on persistence, audit and security
 * only: the request store and the release step call it, not the other way round.
 */
package nl.jeugdpoort.gateway.subscription;
