package io.spate.group;

import io.spate.protocol.ErrorCode;

import java.util.List;

/**
 * The answer to a ListGroups: COORDINATOR_LOAD_IN_PROGRESS while any partition still loads (with
 * the groups known so far), else NONE.
 */
public record ListGroupsResult(ErrorCode error, List<ListedGroup> groups) {
    public ListGroupsResult {
        groups = List.copyOf(groups);
    }
}
