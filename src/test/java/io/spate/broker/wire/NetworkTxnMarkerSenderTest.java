package io.spate.broker.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spate.broker.core.QuorumDescription;
import io.spate.broker.core.TopicDirectory;
import io.spate.client.FakeBroker;
import io.spate.cluster.NodeRecord;
import io.spate.cluster.PartitionState;
import io.spate.cluster.TopicState;
import io.spate.protocol.ApiKey;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.PartitionErrors;
import io.spate.protocol.TopicPartition;
import io.spate.protocol.WriteTxnMarkersRequest;
import io.spate.protocol.WriteTxnMarkersResponse;
import io.spate.txn.TxnMarker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The network marker sender against small fake nodes answering WriteTxnMarkers: one request per
 * leader with the marker's fields, each partition's answer, the partitions of a node that does
 * not answer, no leader, and a deleted topic.
 */
@Timeout(30)
class NetworkTxnMarkerSenderTest {
    private Vertx vertx;
    private FakeBroker node1;
    private FakeBroker node2;
    private final Map<String, TopicState> topics = new ConcurrentHashMap<>();
    private final List<NodeRecord> live = new ArrayList<>();
    private NetworkTxnMarkerSender sender;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        node1 = FakeBroker.start(vertx, 1);
        node2 = FakeBroker.start(vertx, 2);
        live.add(new NodeRecord(1, "u1", "127.0.0.1", node1.port(), null, "i1"));
        live.add(new NodeRecord(2, "u2", "127.0.0.1", node2.port(), null, "i2"));
        topics.put("t", new TopicState("t", null, Map.of(), List.of(leader(1), leader(2), leader(PartitionState.NO_LEADER))));
        for (FakeBroker b : List.of(node1, node2)) {
            b.on(ApiKey.WRITE_TXN_MARKERS, r -> {
                WriteTxnMarkersRequest req = WriteTxnMarkersRequest.readFrom(r.body.duplicate());
                List<WriteTxnMarkersResponse.MarkerResult> results = new ArrayList<>();
                for (WriteTxnMarkersRequest.Marker m : req.markers()) {
                    results.add(new WriteTxnMarkersResponse.MarkerResult(m.producerId(), m.topics().stream()
                            .map(t -> new PartitionErrors(t.name(), t.partitions().stream().map(p -> new PartitionErrors.PartitionError(p,
                                    b == node2 ? ErrorCode.NOT_LEADER_OR_FOLLOWER : ErrorCode.NONE)).toList())).toList()));
                }
                r.respond(new WriteTxnMarkersResponse(results));
            });
        }
        sender = new NetworkTxnMarkerSender(vertx, vertx.getOrCreateContext(), directory());
    }

    @AfterEach
    void stop() {
        await(sender.close());
        node1.stop();
        node2.stop();
        await(vertx.close());
    }

    @Test
    void eachLeaderGetsItsPartitionsAndAnswersForThem() {
        TopicPartition p0 = new TopicPartition("t", 0);
        TopicPartition p1 = new TopicPartition("t", 1);
        TopicPartition p2 = new TopicPartition("t", 2);
        TopicPartition gone = new TopicPartition("deleted", 0);
        Map<TopicPartition, ErrorCode> result = await(sender.send(new TxnMarker(42, (short) 3, true, 7,
                Set.of(p0, p1, p2, gone))));
        assertEquals(ErrorCode.NONE, result.get(p0));
        assertEquals(ErrorCode.NOT_LEADER_OR_FOLLOWER, result.get(p1), "the leader's own answer");
        assertEquals(ErrorCode.LEADER_NOT_AVAILABLE, result.get(p2), "no leader: retried later");
        assertEquals(ErrorCode.NONE, result.get(gone), "a deleted topic needs no marker");

        WriteTxnMarkersRequest sent = WriteTxnMarkersRequest.readFrom(node1.requests(ApiKey.WRITE_TXN_MARKERS).get(0).body.duplicate());
        WriteTxnMarkersRequest.Marker m = sent.markers().get(0);
        assertEquals(42, m.producerId());
        assertEquals(3, m.producerEpoch());
        assertEquals(true, m.committed());
        assertEquals(7, m.coordinatorEpoch());
        assertEquals(List.of(0), m.topics().get(0).partitions(), "node 1 gets only the partition it leads");
        assertEquals(1, node2.requests(ApiKey.WRITE_TXN_MARKERS).size());
    }

    @Test
    void aNodeThatDoesNotAnswerFailsItsPartitionsRetriably() {
        node1.stop();
        TopicPartition p0 = new TopicPartition("t", 0);
        Map<TopicPartition, ErrorCode> result = await(sender.send(new TxnMarker(42, (short) 3, false, 7, Set.of(p0))));
        assertEquals(true, result.get(p0).retriable(), "retriable: " + result.get(p0));
    }

    private static PartitionState leader(int id) {
        return new PartitionState(List.of(1, 2), id, 4, List.of(1, 2));
    }

    private TopicDirectory directory() {
        return new TopicDirectory() {
            @Override
            public String clusterId() {
                return "c";
            }

            @Override
            public List<NodeRecord> liveNodes() {
                return live;
            }

            @Override
            public int controllerId() {
                return 1;
            }

            @Override
            public List<String> topicNames() {
                return List.copyOf(topics.keySet());
            }

            @Override
            public TopicState topic(String name) {
                return topics.get(name);
            }

            @Override
            public Future<QuorumDescription> describeQuorum() {
                return Future.failedFuture("not used");
            }
        };
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
