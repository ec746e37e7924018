package io.spate.broker.core;

/**
 * A fetch parked on a {@link PartitionWriter} until the high watermark (a consumer's) or the log end
 * (a follower's, {@code replica}) passes {@code offset}, the end its last read saw (not its fetch
 * offset: data it already saw, short of its {@code min_bytes}, must not wake it again); {@code wake}
 * runs on the writer's owner context. A read_committed consumer's ({@code committed}) waits for the
 * last stable offset instead of the high watermark.
 */
public record FetchWaiter(long offset, Runnable wake, boolean replica, boolean committed) {
    public FetchWaiter(long offset, Runnable wake, boolean replica) {
        this(offset, wake, replica, false);
    }

    public FetchWaiter(long offset, Runnable wake) {
        this(offset, wake, false);
    }
}
