package io.spate.log;

/**
 * Who appends a batch as the leader, which decides how the producer rules check it (Kafka's
 * {@code AppendOrigin}).
 */
public enum AppendOrigin {
    /** A producer: an idempotent batch's epoch and sequence are both checked. */
    CLIENT,
    /**
     * A coordinator of this cluster writing for a producer (the group coordinator's transactional
     * offset commits): the epoch is checked, the sequence is not (the coordinator numbers nothing, it
     * writes each commit as a batch of its own), and no batch is taken for a duplicate.
     */
    COORDINATOR
}
