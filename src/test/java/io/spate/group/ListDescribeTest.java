package io.spate.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListDescribeTest extends GroupTestSupport {

    @Test
    void listShowsEveryGroupWithTypeAndStateAndFiltersByState() {
        stableAlone(memberId());
        await(coordinator.commitOffsets("standalone", -1, "", null,
                Map.of(new TopicPartition("t", 0), new OffsetCommit(1, -1, ""))));
        ListGroupsResult all = await(coordinator.listGroups(List.of()));
        assertEquals(ErrorCode.NONE, all.error());
        assertEquals(List.of(new ListedGroup(GROUP, "consumer", "Stable"), new ListedGroup("standalone", "", "Empty")),
                all.groups());
        assertEquals(List.of(new ListedGroup(GROUP, "consumer", "Stable")),
                await(coordinator.listGroups(List.of("stable"))).groups());
        assertTrue(await(coordinator.listGroups(List.of("Dead", "no-such-state"))).groups().isEmpty());
    }

    @Test
    void describeStableGroupShowsMetadataAndAssignments() {
        String id = memberId();
        stableAlone(id);
        DescribedGroup d = describe();
        assertEquals(ErrorCode.NONE, d.error());
        assertEquals("Stable", d.state());
        assertEquals("consumer", d.protocolType());
        assertEquals("range", d.protocolData());
        DescribedMember m = d.members().get(0);
        assertEquals(id, m.memberId());
        assertEquals("client", m.clientId());
        assertEquals("/127.0.0.1", m.clientHost());
        assertEquals("sub-" + id, text(m.metadata()));
        assertEquals("a-" + id, text(m.assignment()));
    }

    @Test
    void describeRebalancingGroupHidesMetadataAndProtocol() {
        String a = memberId();
        memberId();
        Future<JoinResult> waiting = join(a);
        settle();
        DescribedGroup d = describe();
        assertEquals("PreparingRebalance", d.state());
        assertEquals("", d.protocolData());
        assertEquals(0, d.members().get(0).metadata().length);
        assertEquals(0, d.members().get(0).assignment().length);
        assertTrue(!waiting.isComplete());
    }

    @Test
    void unknownGroupIsDescribedAsDeadWithoutError() {
        DescribedGroup d = await(coordinator.describeGroups(List.of("nobody"))).get(0);
        assertEquals(ErrorCode.NONE, d.error());
        assertEquals("Dead", d.state());
        assertTrue(d.members().isEmpty());
    }
}
