package io.spate.client;

import java.util.List;

/**
 * A group as its coordinator describes it. A group the coordinator does not know is described
 * with state {@link ConsumerGroupState#DEAD} and no members, as Kafka does.
 *
 * @param protocolType "consumer" for consumer groups, "" if none
 * @param protocol     the chosen protocol (the assignor's name, e.g. "range"); "" unless Stable
 */
public record GroupDescription(String groupId, ConsumerGroupState state, String protocolType, String protocol,
                               List<MemberDescription> members) {
    public GroupDescription {
        members = List.copyOf(members);
    }
}
