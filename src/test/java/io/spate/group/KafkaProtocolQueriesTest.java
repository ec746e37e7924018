package io.spate.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the coordinator offers for Kafka's protocol beyond the native one: OffsetFetch with
 * require_stable (KIP-447), OffsetDelete (KIP-496) and the JoinGroup of Kafka's versions 0-3, whose
 * new members join without the MEMBER_ID_REQUIRED round trip.
 */
class KafkaProtocolQueriesTest extends GroupTestSupport {
    static final TopicPartition ORDERS0 = new TopicPartition("orders", 0);
    static final TopicPartition ORDERS1 = new TopicPartition("orders", 1);
    static final TopicPartition OTHER0 = new TopicPartition("other", 0);
    static final TxnProducer PRODUCER = new TxnProducer("tx-1", 4000L, (short) 1);

    @Test
    void requireStableAnswersAPartitionWithAWaitingTransactionalOffsetAsUnstable() {
        assertEquals(ErrorCode.NONE, commit(-1, "", ORDERS0, 5).get(ORDERS0));
        assertEquals(ErrorCode.NONE, commit(-1, "", ORDERS1, 6).get(ORDERS1));
        assertEquals(Map.of(ORDERS0, ErrorCode.NONE), await(coordinator.commitTxnOffsets(GROUP, PRODUCER, -1, "", null,
                Map.of(ORDERS0, new OffsetCommit(10, -1, "")))));

        OffsetFetchResult loose = await(coordinator.fetchOffsets(GROUP, List.of(ORDERS0, ORDERS1), false));
        assertEquals(5, loose.offsets().get(ORDERS0).offset());
        assertTrue(loose.unstable().isEmpty());

        OffsetFetchResult stable = await(coordinator.fetchOffsets(GROUP, List.of(ORDERS0, ORDERS1), true));
        assertEquals(Set.of(ORDERS0), stable.unstable());
        assertEquals(StoredOffset.NONE, stable.offsets().get(ORDERS0));
        assertEquals(6, stable.offsets().get(ORDERS1).offset());
        OffsetFetchResult all = await(coordinator.fetchOffsets(GROUP, null, true));
        assertEquals(Set.of(ORDERS0), all.unstable());
        assertEquals(StoredOffset.NONE, all.offsets().get(ORDERS0));

        await(coordinator.completeTransaction(coordinator.partitionFor(GROUP), PRODUCER.producerId(), true));
        OffsetFetchResult after = await(coordinator.fetchOffsets(GROUP, List.of(ORDERS0), true));
        assertTrue(after.unstable().isEmpty());
        assertEquals(10, after.offsets().get(ORDERS0).offset());
    }

    @Test
    void offsetDeleteRemovesTheOffsetsOfAnEmptyGroupDurably() {
        commit(-1, "", ORDERS0, 5);
        commit(-1, "", ORDERS1, 6);
        OffsetDeleteResult r = await(coordinator.deleteOffsets(GROUP, List.of(ORDERS0, OTHER0)));
        assertEquals(ErrorCode.NONE, r.error());
        assertEquals(Map.of(ORDERS0, ErrorCode.NONE, OTHER0, ErrorCode.NONE), r.partitions());
        assertEquals(StoredOffset.NONE, committed(ORDERS0));
        assertEquals(6, committed(ORDERS1).offset());
        restart();
        assertEquals(StoredOffset.NONE, committed(ORDERS0), "the tombstone is in the log");
        assertEquals(6, committed(ORDERS1).offset());
    }

    @Test
    void offsetDeleteOfAnUnknownGroupOrAnEmptyIdIsRefused() {
        assertEquals(ErrorCode.GROUP_ID_NOT_FOUND, await(coordinator.deleteOffsets("nobody", List.of(ORDERS0))).error());
        assertEquals(ErrorCode.INVALID_GROUP_ID, await(coordinator.deleteOffsets("", List.of(ORDERS0))).error());
    }

    @Test
    void offsetDeleteKeepsTheOffsetsOfTopicsTheConsumersSubscribeTo() {
        JoinResult joined = await(coordinator.join(new JoinRequest(GROUP, memberId(), null, "client", "/127.0.0.1",
                SESSION_MS, REBALANCE_MS, "consumer", List.of(new Protocol("range", subscription("orders"))), null)));
        assertEquals(ErrorCode.NONE, joined.error());
        assertEquals(ErrorCode.NONE, await(sync(joined.memberId(), joined.generationId(), Map.of())).error());
        assertEquals(ErrorCode.NONE, commit(joined.generationId(), joined.memberId(), ORDERS0, 3).get(ORDERS0));
        assertEquals(ErrorCode.NONE, commit(joined.generationId(), joined.memberId(), OTHER0, 4).get(OTHER0));

        OffsetDeleteResult r = await(coordinator.deleteOffsets(GROUP, List.of(ORDERS0, OTHER0)));
        assertEquals(ErrorCode.NONE, r.error());
        assertEquals(ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC, r.partitions().get(ORDERS0));
        assertEquals(ErrorCode.NONE, r.partitions().get(OTHER0));
        assertEquals(3, committed(ORDERS0).offset());
        assertEquals(StoredOffset.NONE, committed(OTHER0));
    }

    @Test
    void offsetDeleteInANonEmptyGroupOfAnotherProtocolTypeIsRefused() {
        JoinResult joined = await(coordinator.join(new JoinRequest(GROUP, memberId(), null, "client", "/127.0.0.1",
                SESSION_MS, REBALANCE_MS, "connect", List.of(new Protocol("sessioned", bytes("x"))), null)));
        assertEquals(ErrorCode.NONE, joined.error());
        assertEquals(ErrorCode.NON_EMPTY_GROUP, await(coordinator.deleteOffsets(GROUP, List.of(OTHER0))).error());
    }

    @Test
    void aJoinThatDoesNotRequireAKnownMemberIdJoinsAtOnce() {
        JoinResult r = await(coordinator.join(new JoinRequest(GROUP, "", null, "old-client", "/127.0.0.1", SESSION_MS,
                REBALANCE_MS, "consumer", List.of(new Protocol("range", bytes("s"))), null, false)));
        assertEquals(ErrorCode.NONE, r.error());
        assertEquals(1, r.generationId());
        assertTrue(r.memberId().startsWith("old-client-"));
        assertEquals(r.memberId(), r.leaderId());
        assertFalse(r.members().isEmpty());
        JoinResult modern = await(coordinator.join(new JoinRequest("g2", "", null, "new-client", "/127.0.0.1",
                SESSION_MS, REBALANCE_MS, "consumer", List.of(new Protocol("range", bytes("s"))), null)));
        assertEquals(ErrorCode.MEMBER_ID_REQUIRED, modern.error());
        assertNotEquals("", modern.memberId());
    }

    /** ConsumerProtocolSubscription v0: version, topics, user data (null). */
    static byte[] subscription(String... topics) {
        ByteBuffer buf = ByteBuffer.allocate(256);
        buf.putShort((short) 0).putInt(topics.length);
        for (String t : topics) {
            byte[] b = t.getBytes(StandardCharsets.UTF_8);
            buf.putShort((short) b.length).put(b);
        }
        buf.putInt(-1);
        byte[] out = new byte[buf.position()];
        buf.flip().get(out);
        return out;
    }
}
