package io.spate.group;

import io.spate.protocol.ErrorCode;
import io.vertx.core.Promise;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * One member of a group as the coordinator tracks it: identity, timeouts, supported protocols, its
 * assignment of the current generation, and the JoinGroup / SyncGroup it is waiting on.
 *
 * <p>Mutable; only on the coordinator's context. A static member's {@link #memberId} changes when a
 * new incarnation with the same group.instance.id replaces it.
 */
final class MemberMetadata {
    static final byte[] NO_BYTES = new byte[0];

    private String memberId;
    private final String groupInstanceId;
    private final String clientId;
    private final String clientHost;
    private final String protocolType;
    private int rebalanceTimeoutMs;
    private int sessionTimeoutMs;
    private List<Protocol> protocols;
    private byte[] assignment = NO_BYTES;
    private Promise<JoinResult> awaitingJoin;
    private Promise<SyncResult> awaitingSync;
    /** Joined in this rebalance and not yet part of a generation: expires on the new-member timeout. */
    private boolean isNew;
    private GroupTimer.Timeout sessionTimer;

    MemberMetadata(String memberId, String groupInstanceId, String clientId, String clientHost,
                   int rebalanceTimeoutMs, int sessionTimeoutMs, String protocolType, List<Protocol> protocols) {
        this.memberId = memberId;
        this.groupInstanceId = groupInstanceId;
        this.clientId = clientId;
        this.clientHost = clientHost;
        this.rebalanceTimeoutMs = rebalanceTimeoutMs;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.protocolType = protocolType;
        this.protocols = List.copyOf(protocols);
    }

    String memberId() {
        return memberId;
    }

    void memberId(String id) {
        memberId = id;
    }

    String groupInstanceId() {
        return groupInstanceId;
    }

    boolean isStatic() {
        return groupInstanceId != null;
    }

    String clientId() {
        return clientId;
    }

    String clientHost() {
        return clientHost;
    }

    String protocolType() {
        return protocolType;
    }

    int rebalanceTimeoutMs() {
        return rebalanceTimeoutMs;
    }

    int sessionTimeoutMs() {
        return sessionTimeoutMs;
    }

    List<Protocol> protocols() {
        return protocols;
    }

    /** A rejoin: new protocols and timeouts. */
    void update(List<Protocol> newProtocols, int newRebalanceTimeoutMs, int newSessionTimeoutMs) {
        protocols = List.copyOf(newProtocols);
        rebalanceTimeoutMs = newRebalanceTimeoutMs;
        sessionTimeoutMs = newSessionTimeoutMs;
    }

    boolean supports(String protocolName) {
        return protocols.stream().anyMatch(p -> p.name().equals(protocolName));
    }

    /** The member's metadata for {@code protocolName}; 0 bytes if it does not support it. */
    byte[] metadata(String protocolName) {
        return protocols.stream().filter(p -> p.name().equals(protocolName)).map(Protocol::metadata).findFirst()
                .orElse(NO_BYTES);
    }

    /** True if {@code other} lists the same protocols, in the same order, with the same metadata. */
    boolean matches(List<Protocol> other) {
        if (other.size() != protocols.size()) {
            return false;
        }
        for (int i = 0; i < other.size(); i++) {
            Protocol a = protocols.get(i);
            Protocol b = other.get(i);
            if (!a.name().equals(b.name()) || !Arrays.equals(a.metadata(), b.metadata())) {
                return false;
            }
        }
        return true;
    }

    /** The member's most preferred protocol among {@code candidates} (which it must support one of). */
    String vote(Set<String> candidates) {
        return protocols.stream().map(Protocol::name).filter(candidates::contains).findFirst()
                .orElseThrow(() -> new IllegalStateException("member " + memberId + " supports none of " + candidates));
    }

    byte[] assignment() {
        return assignment;
    }

    void assignment(byte[] bytes) {
        assignment = bytes == null ? NO_BYTES : bytes;
    }

    boolean isAwaitingJoin() {
        return awaitingJoin != null;
    }

    boolean isAwaitingSync() {
        return awaitingSync != null;
    }

    /**
     * Parks a JoinGroup until the join phase ends. A member that sends a second JoinGroup while the
     * first waits has given up on the first: it is answered REBALANCE_IN_PROGRESS so no Future dangles.
     */
    void awaitJoin(Promise<JoinResult> promise) {
        Promise<JoinResult> previous = awaitingJoin;
        awaitingJoin = promise;
        if (previous != null && previous != promise) {
            previous.tryComplete(JoinResult.error(memberId, ErrorCode.REBALANCE_IN_PROGRESS,
                    "superseded by a newer JoinGroup of the same member"));
        }
    }

    /** Answers the waiting JoinGroup, if any. */
    void completeJoin(JoinResult result) {
        Promise<JoinResult> p = awaitingJoin;
        awaitingJoin = null;
        if (p != null) {
            p.tryComplete(result);
        }
    }

    /** Parks a SyncGroup until the leader's assignment is stored; a superseded one is answered as for joins. */
    void awaitSync(Promise<SyncResult> promise) {
        Promise<SyncResult> previous = awaitingSync;
        awaitingSync = promise;
        if (previous != null && previous != promise) {
            previous.tryComplete(SyncResult.error(ErrorCode.REBALANCE_IN_PROGRESS,
                    "superseded by a newer SyncGroup of the same member"));
        }
    }

    /** Answers the waiting SyncGroup, if any. */
    void completeSync(SyncResult result) {
        Promise<SyncResult> p = awaitingSync;
        awaitingSync = null;
        if (p != null) {
            p.tryComplete(result);
        }
    }

    boolean isNew() {
        return isNew;
    }

    void isNew(boolean value) {
        isNew = value;
    }

    /** Replaces the session (liveness) timer; the old one is cancelled. */
    void sessionTimer(GroupTimer.Timeout timer) {
        cancelSessionTimer();
        sessionTimer = timer;
    }

    void cancelSessionTimer() {
        if (sessionTimer != null) {
            sessionTimer.cancel();
            sessionTimer = null;
        }
    }

    @Override
    public String toString() {
        return "Member[" + memberId + (groupInstanceId == null ? "" : ", instance " + groupInstanceId) + "]";
    }
}
