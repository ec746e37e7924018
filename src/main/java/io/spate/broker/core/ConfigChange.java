package io.spate.broker.core;

import java.util.Map;
import java.util.Set;

/** Topic config overrides to set and to remove (back to the node default) in one alter request. */
public record ConfigChange(Map<String, String> set, Set<String> delete) {
    public ConfigChange {
        set = Map.copyOf(set);
        delete = Set.copyOf(delete);
    }
}
