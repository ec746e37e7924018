package io.spate.group;

import io.spate.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** ListGroups and DescribeGroups answers built from the registry. Only on the coordinator's context. */
final class GroupQueries {
    private GroupQueries() {
    }

    /**
     * The groups in one of {@code statesFilter} (wire names, any case; empty or null = every state),
     * sorted by id. An unknown state name matches nothing.
     */
    static ListGroupsResult list(GroupRegistry registry, Collection<String> statesFilter) {
        Set<GroupState> states = EnumSet.noneOf(GroupState.class);
        boolean all = statesFilter == null || statesFilter.isEmpty();
        if (!all) {
            for (String name : statesFilter) {
                GroupState s = GroupState.forDisplayName(name);
                if (s != null) {
                    states.add(s);
                }
            }
        }
        List<ListedGroup> groups = new ArrayList<>();
        registry.all().stream().sorted(Comparator.comparing(GroupMetadata::groupId))
                .filter(g -> all || states.contains(g.state()))
                .forEach(g -> groups.add(new ListedGroup(g.groupId(),
                        g.protocolType() == null ? "" : g.protocolType(), g.state().displayName())));
        return new ListGroupsResult(registry.isLoading() ? ErrorCode.COORDINATOR_LOAD_IN_PROGRESS : ErrorCode.NONE,
                groups);
    }

    /** A known group's description: member metadata and assignments only while Stable, as Kafka. */
    static DescribedGroup describe(GroupMetadata g) {
        boolean stable = g.is(GroupState.STABLE);
        List<DescribedMember> members = new ArrayList<>();
        for (MemberMetadata m : g.members()) {
            members.add(new DescribedMember(m.memberId(), m.groupInstanceId(), m.clientId(), m.clientHost(),
                    stable ? m.metadata(g.protocolName()) : MemberMetadata.NO_BYTES,
                    stable ? m.assignment() : MemberMetadata.NO_BYTES));
        }
        return new DescribedGroup(ErrorCode.NONE, g.groupId(), g.state().displayName(),
                g.protocolType() == null ? "" : g.protocolType(), stable ? g.protocolName() : "", members);
    }
}
