package io.spate.broker.wire;

import io.spate.broker.core.TopicDirectory;
import io.spate.cluster.NodeRecord;
import io.spate.cluster.PartitionState;
import io.spate.cluster.TopicState;
import io.spate.protocol.ApiKey;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.PartitionErrors;
import io.spate.protocol.SpateException;
import io.spate.protocol.TopicPartition;
import io.spate.protocol.TopicPartitions;
import io.spate.protocol.WriteTxnMarkersRequest;
import io.spate.protocol.WriteTxnMarkersResponse;
import io.spate.transport.NodeChannel;
import io.spate.txn.TxnMarker;
import io.spate.txn.TxnMarkerSender;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The transaction coordinator's markers over the native protocol: one WriteTxnMarkers request per
 * partition leader (from the {@link TopicDirectory}), through a {@link NodeChannel} per node (this
 * node's own partitions go the same way, to its own listener: one code path). Per partition:
 * the leader's error; LEADER_NOT_AVAILABLE when the partition has no live leader; the request's
 * error (NETWORK_EXCEPTION, REQUEST_TIMED_OUT, ...) for every partition of a node that did not
 * answer; NONE for a partition whose topic no longer exists (it was deleted: there is nothing left
 * to end, as Kafka drops such partitions). The coordinator retries what is not NONE.
 *
 * <p>Threading: every call runs on the context given at construction (the coordinator's), which
 * owns the channels.
 */
public final class NetworkTxnMarkerSender implements TxnMarkerSender {
    private static final System.Logger LOG = System.getLogger(NetworkTxnMarkerSender.class.getName());
    static final long REQUEST_TIMEOUT_MS = 30_000;
    static final int CONNECT_TIMEOUT_MS = 10_000;

    private final Vertx vertx;
    private final Context context;
    private final TopicDirectory directory;
    private final Map<Integer, NodeChannel> channels = new HashMap<>(); // context
    private final Map<Integer, String> addresses = new HashMap<>(); // context: host:port of each channel
    private boolean closed; // context

    public NetworkTxnMarkerSender(Vertx vertx, Context context, TopicDirectory directory) {
        this.vertx = vertx;
        this.context = context;
        this.directory = directory;
    }

    @Override
    public Future<Map<TopicPartition, ErrorCode>> send(TxnMarker marker) {
        Promise<Map<TopicPartition, ErrorCode>> p = Promise.promise();
        context.runOnContext(v -> sendHere(marker).onComplete(p));
        return p.future();
    }

    private Future<Map<TopicPartition, ErrorCode>> sendHere(TxnMarker marker) {
        Map<TopicPartition, ErrorCode> result = new TreeMap<>();
        Map<Integer, List<TopicPartition>> byLeader = new TreeMap<>();
        for (TopicPartition tp : marker.partitions()) {
            TopicState t = directory.topic(tp.topic());
            if (t == null || tp.partition() < 0 || tp.partition() >= t.partitions().size()) {
                LOG.log(System.Logger.Level.INFO, tp + " no longer exists: no marker is needed for producer "
                        + marker.producerId());
                result.put(tp, ErrorCode.NONE);
                continue;
            }
            PartitionState s = t.partitions().get(tp.partition());
            NodeRecord leader = s.leader() == PartitionState.NO_LEADER ? null : directory.liveNode(s.leader());
            if (closed || leader == null || leader.port() == 0 || !directory.vouchesForLeaders()) {
                result.put(tp, ErrorCode.LEADER_NOT_AVAILABLE);
                continue;
            }
            byLeader.computeIfAbsent(leader.nodeId(), k -> new ArrayList<>()).add(tp);
        }
        List<Future<Void>> requests = new ArrayList<>();
        byLeader.forEach((nodeId, tps) -> requests.add(sendTo(directory.liveNode(nodeId), marker, tps)
                .transform(ar -> {
                    if (ar.failed()) {
                        ErrorCode e = ar.cause() instanceof SpateException se ? se.error() : ErrorCode.NETWORK_EXCEPTION;
                        tps.forEach(tp -> result.put(tp, e));
                    } else {
                        tps.forEach(tp -> result.put(tp, ar.result().getOrDefault(tp, ErrorCode.UNKNOWN_SERVER_ERROR)));
                    }
                    return Future.<Void>succeededFuture();
                })));
        return Future.join(requests).transform(ignored -> Future.succeededFuture(result));
    }

    private Future<Map<TopicPartition, ErrorCode>> sendTo(NodeRecord node, TxnMarker marker, List<TopicPartition> tps) {
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        tps.forEach(tp -> byTopic.computeIfAbsent(tp.topic(), k -> new ArrayList<>()).add(tp.partition()));
        WriteTxnMarkersRequest request = new WriteTxnMarkersRequest(List.of(new WriteTxnMarkersRequest.Marker(
                marker.producerId(), marker.producerEpoch(), marker.committed(),
                byTopic.entrySet().stream().map(e -> new TopicPartitions(e.getKey(), e.getValue())).toList(),
                marker.coordinatorEpoch())));
        return channel(node).send(ApiKey.WRITE_TXN_MARKERS, request, WriteTxnMarkersResponse::readFrom, REQUEST_TIMEOUT_MS)
                .map(response -> {
                    Map<TopicPartition, ErrorCode> out = new HashMap<>();
                    for (WriteTxnMarkersResponse.MarkerResult r : response.markers()) {
                        if (r.producerId() != marker.producerId()) {
                            continue;
                        }
                        for (PartitionErrors t : r.topics()) {
                            t.partitions().forEach(pe -> out.put(new TopicPartition(t.name(), pe.partition()), pe.error()));
                        }
                    }
                    return out;
                });
    }

    /** The channel to {@code node}, made again when the node came back at another address. */
    private NodeChannel channel(NodeRecord node) {
        String address = node.host() + ":" + node.port();
        NodeChannel c = channels.get(node.nodeId());
        if (c != null && !address.equals(addresses.get(node.nodeId()))) {
            c.close();
            c = null;
        }
        if (c == null) {
            c = NodeChannel.create(vertx, node.nodeId(), node.host(), node.port(), "txn-markers", CONNECT_TIMEOUT_MS);
            channels.put(node.nodeId(), c);
            addresses.put(node.nodeId(), address);
        }
        return c;
    }

    /** Closes every channel; later sends answer LEADER_NOT_AVAILABLE. */
    public Future<Void> close() {
        Promise<Void> p = Promise.promise();
        context.runOnContext(v -> {
            closed = true;
            List<Future<Void>> all = new ArrayList<>();
            channels.values().forEach(c -> all.add(c.close()));
            channels.clear();
            Future.join(all).<Void>mapEmpty().onComplete(p);
        });
        return p.future();
    }
}
