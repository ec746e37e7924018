package io.spate.client.internal.admin;

import io.spate.client.ConsumerGroupState;
import io.spate.client.GroupDescription;
import io.spate.client.MemberDescription;
import io.spate.client.assignor.ConsumerProtocol;
import io.spate.protocol.DescribeGroupsResponse;
import io.spate.protocol.TopicPartition;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a DescribeGroups answer into a {@link GroupDescription}: the state parsed, and each member's
 * assignment decoded from Kafka's consumer-protocol bytes when the group is a "consumer" group (other
 * protocol types carry bytes this client cannot read; their members show no assignment). Stateless.
 */
final class GroupDescriptions {
    private GroupDescriptions() {
    }

    /**
     * The description of one described group.
     *
     * @throws io.spate.client.assignor.InvalidConsumerProtocolException when a consumer group's
     *         assignment bytes are malformed
     */
    static GroupDescription of(DescribeGroupsResponse.Group g) {
        boolean consumer = ConsumerProtocol.PROTOCOL_TYPE.equals(g.protocolType());
        List<MemberDescription> members = g.members().stream().map(m -> new MemberDescription(m.memberId(),
                m.groupInstanceId(), m.clientId(), m.clientHost(),
                consumer ? assignment(m.memberAssignment()) : Set.of())).toList();
        return new GroupDescription(g.groupId(), ConsumerGroupState.parse(g.groupState()), g.protocolType(),
                g.protocolData(), members);
    }

    private static Set<TopicPartition> assignment(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            // not Stable yet: the coordinator sends no assignment
            return Set.of();
        }
        return new TreeSet<>(ConsumerProtocol.decodeAssignment(ByteBuffer.wrap(bytes)).partitions());
    }
}
