package io.spate.group;

import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import java.util.Map;

/**
 * The answer to an OffsetDelete: a group-level error (then partitions is empty) or NONE with one
 * error per partition, in request order.
 */
public record OffsetDeleteResult(ErrorCode error, Map<TopicPartition, ErrorCode> partitions) {
}
