package io.spate.client.assignor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.protocol.TopicPartition;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConsumerProtocolTest {
    private static final ByteBuffer USER_DATA = ByteBuffer.wrap("opaque".getBytes(StandardCharsets.UTF_8));

    private static Subscription fullSubscription() {
        return new Subscription(List.of("orders", "audit"), USER_DATA,
                List.of(new TopicPartition("orders", 2), new TopicPartition("audit", 0), new TopicPartition("orders", 0)),
                7, Optional.of("rack-a"));
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static org.apache.kafka.common.TopicPartition kafka(TopicPartition tp) {
        return new org.apache.kafka.common.TopicPartition(tp.topic(), tp.partition());
    }

    private static List<TopicPartition> spate(List<org.apache.kafka.common.TopicPartition> tps) {
        return tps.stream().map(tp -> new TopicPartition(tp.topic(), tp.partition())).toList();
    }

    @Test
    void subscriptionRoundTripsWithTopicsAndOwnedPartitionsSorted() {
        Subscription decoded = ConsumerProtocol.decodeSubscription(ConsumerProtocol.encodeSubscription(fullSubscription()));
        assertEquals(List.of("audit", "orders"), decoded.topics());
        assertEquals(USER_DATA, decoded.userData());
        assertEquals(List.of(new TopicPartition("audit", 0), new TopicPartition("orders", 0),
                new TopicPartition("orders", 2)), decoded.ownedPartitions());
        assertEquals(7, decoded.generationId());
        assertEquals(Optional.of("rack-a"), decoded.rackId());
    }

    @Test
    void subscriptionBytesAreKafkasBytes() {
        Subscription ours = fullSubscription();
        var theirs = new ConsumerPartitionAssignor.Subscription(ours.topics(), ours.userData(),
                ours.ownedPartitions().stream().map(ConsumerProtocolTest::kafka).toList(), 7, Optional.of("rack-a"));
        assertArrayEquals(bytes(org.apache.kafka.clients.consumer.internals.ConsumerProtocol.serializeSubscription(theirs)),
                bytes(ConsumerProtocol.encodeSubscription(ours)));
    }

    @Test
    void kafkaDecodesOurSubscription() {
        var theirs = org.apache.kafka.clients.consumer.internals.ConsumerProtocol.deserializeSubscription(
                ConsumerProtocol.encodeSubscription(fullSubscription()));
        assertEquals(List.of("audit", "orders"), theirs.topics());
        assertEquals(USER_DATA, theirs.userData());
        assertEquals(List.of(new TopicPartition("audit", 0), new TopicPartition("orders", 0),
                new TopicPartition("orders", 2)), spate(theirs.ownedPartitions()));
        assertEquals(Optional.of(7), theirs.generationId());
        assertEquals(Optional.of("rack-a"), theirs.rackId());
    }

    @ParameterizedTest
    @ValueSource(shorts = {0, 1, 2, 3})
    void weDecodeKafkasSubscriptionOfEveryVersion(short version) {
        var theirs = new ConsumerPartitionAssignor.Subscription(List.of("b", "a"), USER_DATA,
                List.of(new org.apache.kafka.common.TopicPartition("a", 4)), 9, Optional.of("r1"));
        Subscription ours = ConsumerProtocol.decodeSubscription(
                org.apache.kafka.clients.consumer.internals.ConsumerProtocol.serializeSubscription(theirs, version));
        assertEquals(List.of("a", "b"), ours.topics());
        assertEquals(USER_DATA, ours.userData());
        assertEquals(version >= 1 ? List.of(new TopicPartition("a", 4)) : List.of(), ours.ownedPartitions());
        assertEquals(version >= 2 ? 9 : Subscription.NO_GENERATION, ours.generationId());
        assertEquals(version >= 3 ? Optional.of("r1") : Optional.empty(), ours.rackId());
    }

    @Test
    void nullUserDataAndAbsentRackRoundTripBothWays() {
        Subscription bare = new Subscription(List.of("t"));
        ByteBuffer ourBytes = ConsumerProtocol.encodeSubscription(bare);
        var theirs = org.apache.kafka.clients.consumer.internals.ConsumerProtocol.deserializeSubscription(ourBytes);
        assertNull(theirs.userData());
        assertEquals(Optional.empty(), theirs.rackId());
        assertEquals(Optional.empty(), theirs.generationId());
        assertEquals(bare, ConsumerProtocol.decodeSubscription(
                org.apache.kafka.clients.consumer.internals.ConsumerProtocol.serializeSubscription(
                        new ConsumerPartitionAssignor.Subscription(List.of("t")))));
    }

    @Test
    void assignmentBytesAreKafkasAndDecodeBothWays() {
        List<TopicPartition> partitions = List.of(new TopicPartition("x", 3), new TopicPartition("y", 0),
                new TopicPartition("x", 1));
        Assignment ours = new Assignment(partitions, USER_DATA);
        var theirs = new ConsumerPartitionAssignor.Assignment(
                partitions.stream().map(ConsumerProtocolTest::kafka).toList(), USER_DATA);
        ByteBuffer ourBytes = ConsumerProtocol.encodeAssignment(ours);
        ByteBuffer theirBytes = org.apache.kafka.clients.consumer.internals.ConsumerProtocol.serializeAssignment(theirs);
        assertArrayEquals(bytes(theirBytes), bytes(ourBytes));
        // grouped by topic in order of first appearance, as Kafka writes it
        List<TopicPartition> grouped = List.of(new TopicPartition("x", 3), new TopicPartition("x", 1),
                new TopicPartition("y", 0));
        var kafkaRead = org.apache.kafka.clients.consumer.internals.ConsumerProtocol.deserializeAssignment(ourBytes);
        assertEquals(grouped, spate(kafkaRead.partitions()));
        assertEquals(USER_DATA, kafkaRead.userData());
        assertEquals(new Assignment(grouped, USER_DATA), ConsumerProtocol.decodeAssignment(theirBytes));
    }

    @ParameterizedTest
    @ValueSource(shorts = {0, 1, 2, 3})
    void weDecodeKafkasAssignmentOfEveryVersion(short version) {
        var theirs = new ConsumerPartitionAssignor.Assignment(
                List.of(new org.apache.kafka.common.TopicPartition("t", 5)), null);
        Assignment ours = ConsumerProtocol.decodeAssignment(
                org.apache.kafka.clients.consumer.internals.ConsumerProtocol.serializeAssignment(theirs, version));
        assertEquals(new Assignment(List.of(new TopicPartition("t", 5))), ours);
    }

    @Test
    void higherVersionIsReadAsVersionThreeIgnoringTrailingFields() {
        ByteBuffer v3 = ConsumerProtocol.encodeSubscription(fullSubscription());
        ByteBuffer v4 = ByteBuffer.allocate(v3.remaining() + 5);
        v4.put(v3.duplicate()).put(new byte[] {0, 0, 0, 42, 1}).flip();
        v4.putShort(0, (short) 4);
        assertEquals(ConsumerProtocol.decodeSubscription(v3), ConsumerProtocol.decodeSubscription(v4));

        ByteBuffer a3 = ConsumerProtocol.encodeAssignment(new Assignment(List.of(new TopicPartition("t", 1))));
        ByteBuffer a9 = ByteBuffer.allocate(a3.remaining() + 3);
        a9.put(a3.duplicate()).put(new byte[] {7, 7, 7}).flip();
        a9.putShort(0, (short) 9);
        assertEquals(ConsumerProtocol.decodeAssignment(a3), ConsumerProtocol.decodeAssignment(a9));
    }

    @Test
    void decodingLeavesTheCallersPositionAlone() {
        ByteBuffer b = ConsumerProtocol.encodeSubscription(fullSubscription());
        ConsumerProtocol.decodeSubscription(b);
        assertEquals(0, b.position());
    }

    @Test
    void everyTruncationOfASubscriptionIsRejected() {
        byte[] full = bytes(ConsumerProtocol.encodeSubscription(fullSubscription()));
        for (int len = 0; len < full.length; len++) {
            ByteBuffer cut = ByteBuffer.wrap(full, 0, len);
            var e = assertThrows(InvalidConsumerProtocolException.class, () -> ConsumerProtocol.decodeSubscription(cut),
                    "length " + len);
            assertEquals("subscription", e.structure());
        }
    }

    @Test
    void everyTruncationOfAnAssignmentIsRejected() {
        byte[] full = bytes(ConsumerProtocol.encodeAssignment(new Assignment(
                List.of(new TopicPartition("t", 1), new TopicPartition("u", 2)), USER_DATA)));
        for (int len = 0; len < full.length; len++) {
            ByteBuffer cut = ByteBuffer.wrap(full, 0, len);
            assertThrows(InvalidConsumerProtocolException.class, () -> ConsumerProtocol.decodeAssignment(cut),
                    "length " + len);
        }
    }

    @Test
    void negativeVersionIsRejected() {
        var e = assertThrows(InvalidConsumerProtocolException.class,
                () -> ConsumerProtocol.decodeAssignment(ByteBuffer.wrap(new byte[] {-1, -1, 0, 0, 0, 0, -1, -1, -1, -1})));
        assertTrue(e.getMessage().contains("negative version"), e.getMessage());
    }

    @Test
    void nullTopicArrayIsRejected() {
        ByteBuffer b = ByteBuffer.allocate(12).putShort((short) 0).putInt(-1).putInt(-1);
        b.flip();
        var e = assertThrows(InvalidConsumerProtocolException.class, () -> ConsumerProtocol.decodeSubscription(b));
        assertEquals(2, e.position());
    }

    @Test
    void nullTopicNameIsRejected() {
        ByteBuffer b = ByteBuffer.allocate(12).putShort((short) 0).putInt(1).putShort((short) -1).putInt(-1);
        b.flip();
        assertThrows(InvalidConsumerProtocolException.class, () -> ConsumerProtocol.decodeSubscription(b));
    }

    @Test
    void countLargerThanTheBytesLeftIsRejectedBeforeAllocating() {
        ByteBuffer b = ByteBuffer.allocate(10).putShort((short) 0).putInt(Integer.MAX_VALUE).putInt(-1);
        b.flip();
        var e = assertThrows(InvalidConsumerProtocolException.class, () -> ConsumerProtocol.decodeSubscription(b));
        assertTrue(e.getMessage().contains("bytes remain"), e.getMessage());
    }

    @Test
    void negativeUserDataLengthOtherThanNullIsRejected() {
        ByteBuffer b = ByteBuffer.allocate(10).putShort((short) 0).putInt(0).putInt(-2);
        b.flip();
        assertThrows(InvalidConsumerProtocolException.class, () -> ConsumerProtocol.decodeSubscription(b));
    }

    @Test
    void emptyRackReadsAsNone() {
        ByteBuffer b = ByteBuffer.allocate(20).putShort((short) 3).putInt(0).putInt(-1).putInt(0).putInt(5)
                .putShort((short) 0);
        b.flip();
        Subscription s = ConsumerProtocol.decodeSubscription(b);
        assertEquals(Optional.empty(), s.rackId());
        assertEquals(5, s.generationId());
    }

    @Test
    void groupInstanceIdIsNotEncoded() {
        Subscription s = fullSubscription().withGroupInstanceId(Optional.of("static-1"));
        Subscription decoded = ConsumerProtocol.decodeSubscription(ConsumerProtocol.encodeSubscription(s));
        assertEquals(Optional.empty(), decoded.groupInstanceId());
        assertEquals(ConsumerProtocol.decodeSubscription(ConsumerProtocol.encodeSubscription(fullSubscription())), decoded);
    }
}
