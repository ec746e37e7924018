package io.spate.broker.core;

/**
 * A fetch parked on a {@link PartitionWriter} until the high watermark (a consumer's) or the log end
 * (a follower's, {@code replica}) passes {@code offset}, the end its last read saw (not its fetch
 * offset: data it already saw, short of its {@code min_bytes}, must not wake it again); {@code wake}
 * runs on the writer's owner context.
 */
public record FetchWaiter(long offset, Runnable wake, boolean replica) {
    public FetchWaiter(long offset, Runnable wake) {
        this(offset, wake, false);
    }
}
