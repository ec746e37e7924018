package io.spate.group;

import io.spate.protocol.ErrorCode;
import java.util.List;

/**
 * One group of a DescribeGroups answer. An unknown group is described with NONE and state "Dead";
 * on an error (NOT_COORDINATOR, ...) state, type and protocol are "".
 *
 * @param protocolData the chosen protocol while Stable, else ""
 */
public record DescribedGroup(ErrorCode error, String groupId, String state, String protocolType,
                               String protocolData, List<DescribedMember> members) {
    public DescribedGroup {
        members = List.copyOf(members);
    }

    static DescribedGroup error(String groupId, ErrorCode error) {
        return new DescribedGroup(error, groupId, "", "", "", List.of());
    }

    static DescribedGroup dead(String groupId) {
        return new DescribedGroup(ErrorCode.NONE, groupId, GroupState.DEAD.displayName(), "", "", List.of());
    }
}
