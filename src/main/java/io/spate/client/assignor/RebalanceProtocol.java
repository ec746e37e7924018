package io.spate.client.assignor;

/**
 * How members hand partitions over during a rebalance, as in Kafka.
 *
 * <ul>
 *   <li>{@link #EAGER}: every member gives up all its partitions before it rejoins; the new
 *       assignment is taken up at once.</li>
 *   <li>{@link #COOPERATIVE}: members keep consuming what they own while rejoining; a partition
 *       that changes owner is first only revoked from the old owner, and given to the new owner in
 *       a follow-up rebalance that the revoking member triggers.</li>
 * </ul>
 */
public enum RebalanceProtocol {
    EAGER,
    COOPERATIVE
}
