package io.spate.group;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** How a group agrees on a protocol, as Kafka's GroupMetadata: compatibility of a joiner, and the vote. */
final class ProtocolSelection {
    private ProtocolSelection() {
    }

    /**
     * Whether a member may join: an Empty group takes any non-empty type with at least one
     * protocol; otherwise the type must be the group's and one of the protocols supported by every
     * current member.
     */
    static boolean supports(boolean groupEmpty, String groupProtocolType, Collection<MemberMetadata> members,
                            String memberProtocolType, List<Protocol> memberProtocols) {
        if (groupEmpty) {
            return !memberProtocolType.isEmpty() && !memberProtocols.isEmpty();
        }
        return memberProtocolType.equals(groupProtocolType)
                && memberProtocols.stream().anyMatch(p -> members.stream().allMatch(m -> m.supports(p.name())));
    }

    /**
     * The protocol for the next generation: among those every member supports, each member votes
     * for its most preferred; the most votes win, a tie goes to the first member's vote.
     */
    static String select(Collection<MemberMetadata> members) {
        Set<String> candidates = members.iterator().next().protocols().stream().map(Protocol::name)
                .filter(n -> members.stream().allMatch(m -> m.supports(n)))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        Map<String, Integer> votes = new LinkedHashMap<>();
        for (MemberMetadata m : members) {
            votes.merge(m.vote(candidates), 1, Integer::sum);
        }
        String best = null;
        for (Map.Entry<String, Integer> e : votes.entrySet()) {
            if (best == null || e.getValue() > votes.get(best)) {
                best = e.getKey();
            }
        }
        return best;
    }
}
