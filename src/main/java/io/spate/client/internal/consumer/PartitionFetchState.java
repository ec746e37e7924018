package io.spate.client.internal.consumer;

import io.spate.client.OffsetResetStrategy;
import io.spate.protocol.SpateException;

/**
 * The consumer's state of one assigned partition (internal).
 *
 * <p>States and their moves:
 * <pre>
 * AWAITING_RESET --lookup sent--> RESETTING --offset found--> FETCHABLE
 * RESETTING --retriable failure--> AWAITING_RESET       RESETTING --other failure--> FAILED
 * FETCHABLE --OFFSET_OUT_OF_RANGE--> AWAITING_RESET (or FAILED when the strategy is none)
 * FETCHABLE --corrupt batch or non-retriable error--> FAILED
 * any --seek--> FETCHABLE          any --seekToBeginning/End--> AWAITING_RESET
 * INITIALIZING --committed offset--> FETCHABLE     INITIALIZING --no committed offset--> AWAITING_RESET
 * any --revocation starts--> REVOKING (position kept, nothing fetched or handed out)
 * </pre>
 * A group consumer's newly assigned partition starts INITIALIZING: it waits for the group's
 * committed offset before anything is fetched.
 * Every seek bumps {@link #generation()}, so answers to requests sent before it are dropped.
 *
 * <p>Threading: confined to the consumer's context.
 */
public final class PartitionFetchState {
    enum State { INITIALIZING, AWAITING_RESET, RESETTING, FETCHABLE, REVOKING, FAILED }

    static final long UNKNOWN_POSITION = -1L;

    private State state = State.AWAITING_RESET;
    private OffsetResetStrategy resetStrategy;
    /** Volatile: read from any thread by {@link io.spate.client.SpateConsumer#currentLag}; written on the context only. */
    private volatile long position = UNKNOWN_POSITION;
    /** The high watermark of the last fetch answer, or -1; volatile as {@link #position}. */
    private volatile long highWatermark = UNKNOWN_POSITION;
    private int generation;
    private long backoffUntilMs;
    private boolean fetchInFlight;
    private SpateException failure;
    /** The retriable error of the last fetch answer, null after one without; volatile as {@link #position}. */
    private volatile SpateException fetchError;

    PartitionFetchState(OffsetResetStrategy resetStrategy) {
        this.resetStrategy = resetStrategy;
    }

    /** A group consumer's new partition: waits for its committed offset ({@link State#INITIALIZING}). */
    static PartitionFetchState awaitingCommitted(OffsetResetStrategy resetStrategy) {
        PartitionFetchState st = new PartitionFetchState(resetStrategy);
        st.state = State.INITIALIZING;
        return st;
    }

    /** See {@link io.spate.client.SpateConsumer#fetchError}. */
    SpateException fetchError() {
        return fetchError;
    }

    void fetchError(SpateException error) {
        fetchError = error;
    }

    long highWatermark() {
        return highWatermark;
    }

    void highWatermark(long hw) {
        highWatermark = hw;
    }

    /** The committed offset came (or null: none): fetch from it, else per the reset strategy. */
    void transitionFromCommitted(Long committed) {
        if (state != State.INITIALIZING) {
            throw new IllegalStateException("committed offset applied in state " + state);
        }
        if (committed != null) {
            transitionToFetchable(committed);
        } else {
            state = State.AWAITING_RESET;
        }
    }

    /** Revocation started: no more fetching or handing out; the position stays for a last commit. */
    void transitionToRevoking() {
        generation++;
        state = State.REVOKING;
    }

    /** The position to commit: known, and the partition handing out records (or just stopped). */
    boolean hasCommittablePosition() {
        return (state == State.FETCHABLE || state == State.REVOKING) && position >= 0;
    }
    State state() {
        return state;
    }

    long position() {
        return position;
    }

    int generation() {
        return generation;
    }

    OffsetResetStrategy resetStrategy() {
        return resetStrategy;
    }

    SpateException failure() {
        return failure;
    }

    boolean fetchInFlight() {
        return fetchInFlight;
    }

    void fetchInFlight(boolean inFlight) {
        this.fetchInFlight = inFlight;
    }

    boolean isBackingOff(long nowMs) {
        return nowMs < backoffUntilMs;
    }

    void backoffUntil(long ms) {
        backoffUntilMs = ms;
    }

    /** Records handed out (or skipped) up to {@code nextOffset}: the position moves forward. */
    void advanceTo(long nextOffset) {
        if (state != State.FETCHABLE) {
            throw new IllegalStateException("advance in state " + state);
        }
        position = Math.max(position, nextOffset);
    }

    void transitionToFetchable(long offset) {
        state = State.FETCHABLE;
        position = offset;
        failure = null;
    }

    void seek(long offset) {
        generation++;
        backoffUntilMs = 0;
        transitionToFetchable(offset);
    }

    void transitionToAwaitingReset(OffsetResetStrategy strategy, boolean isSeek) {
        if (isSeek) {
            generation++;
            backoffUntilMs = 0;
        }
        state = State.AWAITING_RESET;
        resetStrategy = strategy;
        position = UNKNOWN_POSITION;
        failure = null;
    }

    void transitionToResetting() {
        if (state != State.AWAITING_RESET) {
            throw new IllegalStateException("reset lookup in state " + state);
        }
        state = State.RESETTING;
    }

    void transitionToFailed(SpateException error) {
        state = State.FAILED;
        failure = error;
    }
}
