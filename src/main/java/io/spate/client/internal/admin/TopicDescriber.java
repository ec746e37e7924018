package io.spate.client.internal.admin;

import io.spate.client.PartitionInfo;
import io.spate.client.TopicConfigEntry;
import io.spate.client.TopicDescription;
import io.spate.client.internal.network.NetworkClient;
import io.spate.protocol.ApiKey;
import io.spate.protocol.DescribeLogDirsRequest;
import io.spate.protocol.DescribeLogDirsResponse;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.MetadataResponse;
import io.spate.protocol.TopicPartition;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Puts a {@link TopicDescription} together (internal): partitions and leaders from Metadata, log
 * state from DescribeLogDirs asked of each leader (a node reports the partitions it hosts; the
 * leader's view is the one shown), configs from DescribeConfigs. A leader that cannot be asked
 * leaves its partitions' log fields at {@link PartitionInfo#UNKNOWN} rather than failing the call.
 *
 * <p>Threading: on the admin's context.
 */
public final class TopicDescriber {
    private TopicDescriber() {
    }

    /** The log state of each partition of {@code names}, from its leader. */
    public static Future<Map<TopicPartition, DescribeLogDirsResponse.PartitionLog>> logDirs(
            NetworkClient network, MetadataResponse md, List<String> names) {
        Map<Integer, Set<TopicPartition>> ledBy = new HashMap<>();
        for (MetadataResponse.TopicMetadata t : md.topics()) {
            for (MetadataResponse.PartitionMetadata p : t.partitions()) {
                if (p.leaderId() >= 0) {
                    ledBy.computeIfAbsent(p.leaderId(), k -> new HashSet<>()).add(new TopicPartition(t.name(), p.partition()));
                }
            }
        }
        Map<TopicPartition, DescribeLogDirsResponse.PartitionLog> out = new HashMap<>();
        List<Future<?>> asked = new ArrayList<>();
        for (Map.Entry<Integer, Set<TopicPartition>> e : ledBy.entrySet()) {
            asked.add(network.send(e.getKey(), ApiKey.DESCRIBE_LOG_DIRS, new DescribeLogDirsRequest(names),
                    DescribeLogDirsResponse::readFrom).onSuccess(resp -> {
                        for (DescribeLogDirsResponse.TopicLogs t : resp.topics()) {
                            for (DescribeLogDirsResponse.PartitionLog p : t.partitions()) {
                                TopicPartition tp = new TopicPartition(t.name(), p.partition());
                                if (e.getValue().contains(tp) && p.error() == ErrorCode.NONE) {
                                    out.put(tp, p);
                                }
                            }
                        }
                    }));
        }
        return Future.join(asked).transform(ar -> Future.succeededFuture(out));
    }

    public static Map<String, TopicDescription> merge(MetadataResponse md, Map<String, Map<String, TopicConfigEntry>> configs,
                                                      Map<TopicPartition, DescribeLogDirsResponse.PartitionLog> logs) {
        Map<String, TopicDescription> out = new TreeMap<>();
        for (MetadataResponse.TopicMetadata t : md.topics()) {
            List<PartitionInfo> partitions = new ArrayList<>();
            for (MetadataResponse.PartitionMetadata p : t.partitions()) {
                DescribeLogDirsResponse.PartitionLog log = logs.get(new TopicPartition(t.name(), p.partition()));
                long u = PartitionInfo.UNKNOWN;
                partitions.add(new PartitionInfo(p.partition(), p.leaderId(), p.leaderEpoch(), p.replicas(), p.isr(),
                        log == null ? u : log.logStartOffset(), log == null ? u : log.logEndOffset(),
                        log == null ? u : log.highWatermark(), log == null ? u : log.sizeBytes(),
                        log == null ? (int) u : log.segmentCount()));
            }
            partitions.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
            out.put(t.name(), new TopicDescription(t.name(), t.isInternal(), List.copyOf(partitions),
                    configs.getOrDefault(t.name(), Map.of())));
        }
        return out;
    }
}
