package io.spate.client;

import java.util.List;

/** The nodes of the cluster and which one is the controller (-1 if none is known). */
public record ClusterDescription(String clusterId, int controllerId, List<Node> nodes) {
}
