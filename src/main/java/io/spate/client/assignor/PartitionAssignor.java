package io.spate.client.assignor;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;

/**
 * A strategy that the group leader runs to share the subscribed topics' partitions among the
 * members, as Kafka's ConsumerPartitionAssignor. Members advertise the assignors they support by
 * {@link #name()} in JoinGroup; the coordinator picks one all members support, and the leader runs
 * it on every member's {@link Subscription}.
 *
 * <p>Contract of {@link #assign}: the result holds an {@link Assignment} for every member of
 * {@code subscriptions} (an empty one when it gets nothing) and for no one else; a partition goes
 * only to a member subscribed to its topic; topics missing from {@code partitionsPerTopic} (unknown
 * to the metadata) are skipped. An {@link RebalanceProtocol#EAGER} assignor gives every partition of
 * every subscribed, known topic to exactly one member; a {@link RebalanceProtocol#COOPERATIVE} one
 * gives each at most once and may hold back partitions that must first be revoked from another
 * member. Implementations are stateless and may be called from any thread.
 */
public interface PartitionAssignor {
    /** The protocol name members advertise: "range", "roundrobin", "sticky", "cooperative-sticky". */
    String name();

    /** How members hand partitions over when this assignor is in use. */
    RebalanceProtocol protocol();

    /**
     * Assigns the partitions.
     *
     * @param partitionsPerTopic partition count of every topic the metadata knows (counts &ge; 0)
     * @param subscriptions      member id &rarr; that member's subscription
     * @return member id &rarr; its assignment, one entry per member
     */
    Map<String, Assignment> assign(Map<String, Integer> partitionsPerTopic, Map<String, Subscription> subscriptions);

    /** User data a member puts in its subscription for this assignor; none (null) by default. */
    default ByteBuffer subscriptionUserData(Set<String> topics) {
        return null;
    }
}
