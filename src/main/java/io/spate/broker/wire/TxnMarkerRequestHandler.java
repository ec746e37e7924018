package io.spate.broker.wire;

import io.spate.broker.core.DescribedProducers;
import io.spate.broker.core.TxnMarker;
import io.spate.broker.core.TxnMarkers;
import io.spate.protocol.DescribeProducersRequest;
import io.spate.protocol.DescribeProducersResponse;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.PartitionErrors;
import io.spate.protocol.TopicPartition;
import io.spate.protocol.TopicPartitions;
import io.spate.protocol.WriteTxnMarkersRequest;
import io.spate.protocol.WriteTxnMarkersResponse;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The native protocol's adapter for the partition leaders' transaction requests: WriteTxnMarkers (27)
 * and DescribeProducers (61), over {@link TxnMarkers}. Runs on the connection's context.
 */
final class TxnMarkerRequestHandler {
    private final TxnMarkers markers;

    TxnMarkerRequestHandler(TxnMarkers markers) {
        this.markers = markers;
    }

    /** Per marker, in request order, an error per partition named (answered once every marker is committed). */
    Future<Reply> write(WriteTxnMarkersRequest req) {
        List<TxnMarker> list = new ArrayList<>(req.markers().size());
        for (WriteTxnMarkersRequest.Marker m : req.markers()) {
            if (m.producerId() < 0) {
                throw ErrorCode.INVALID_REQUEST.exception("a transaction marker needs a producer id, not " + m.producerId());
            }
            list.add(new TxnMarker(m.producerId(), m.producerEpoch(), m.committed(), m.coordinatorEpoch(),
                    partitions(m.topics())));
        }
        return markers.write(list).map(results -> {
            List<WriteTxnMarkersResponse.MarkerResult> out = new ArrayList<>(results.size());
            for (int i = 0; i < results.size(); i++) {
                out.add(new WriteTxnMarkersResponse.MarkerResult(list.get(i).producerId(), byTopic(results.get(i))));
            }
            return Reply.of(new WriteTxnMarkersResponse(out));
        });
    }

    /** The producers of each partition named, from its leader. */
    Future<Reply> describeProducers(DescribeProducersRequest req) {
        return markers.describeProducers(partitions(req.topics())).map(results -> {
            Map<String, List<DescribeProducersResponse.Partition>> byTopic = new LinkedHashMap<>();
            results.forEach((tp, d) -> byTopic.computeIfAbsent(tp.topic(), k -> new ArrayList<>()).add(partition(tp, d)));
            return Reply.of(new DescribeProducersResponse(byTopic.entrySet().stream()
                    .map(e -> new DescribeProducersResponse.Topic(e.getKey(), e.getValue())).toList()));
        });
    }

    private static DescribeProducersResponse.Partition partition(TopicPartition tp, DescribedProducers d) {
        return new DescribeProducersResponse.Partition(tp.partition(), d.error(), d.errorMessage(), d.producers().stream()
                .map(p -> new DescribeProducersResponse.ActiveProducer(p.producerId(), p.producerEpoch(), p.lastSequence(),
                        p.lastTimestamp(), p.coordinatorEpoch(), p.currentTxnStartOffset())).toList());
    }

    private static List<TopicPartition> partitions(List<TopicPartitions> topics) {
        List<TopicPartition> out = new ArrayList<>();
        topics.forEach(t -> t.partitions().forEach(p -> out.add(new TopicPartition(t.name(), p))));
        return out;
    }

    private static List<PartitionErrors> byTopic(Map<TopicPartition, ErrorCode> errors) {
        Map<String, List<PartitionErrors.PartitionError>> grouped = new LinkedHashMap<>();
        errors.forEach((tp, e) -> grouped.computeIfAbsent(tp.topic(), k -> new ArrayList<>())
                .add(new PartitionErrors.PartitionError(tp.partition(), e)));
        return grouped.entrySet().stream().map(e -> new PartitionErrors(e.getKey(), e.getValue())).toList();
    }
}
