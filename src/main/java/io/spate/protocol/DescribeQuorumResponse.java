package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * DescribeQuorum (55) response: what the answering node knows of the metadata quorum
 * of a cluster, after Kafka's DescribeQuorum, kept to what {@code cluster health} and
 * {@code cluster quorum describe} need. A node without a quorum (a single node, not clustered) answers
 * {@code quorum_enabled = false}, {@code leader_id = -1}, {@code leader_epoch = -1}, no voters,
 * {@code lease_held = false}, {@code last_contact_age_ms = -1}, no learners, no followers; every node
 * answers its {@code metadata_epoch}. Fields were appended at the end as they came (metadata_epoch,
 * then learners and followers).
 * <pre>
 * int16        error_code
 * string       error_message         may be null
 * int32        node_id               the answering node
 * bool         quorum_enabled
 * int32        leader_id             the Raft leader (the controller) this node knows; -1 = none
 * int32        leader_epoch          this node's Raft term; -1 without the quorum
 * array&lt;int32&gt; voters               the committed voting members
 * bool         lease_held            this node heard its quorum within the lease
 * int64        last_contact_age_ms   ms since that contact; -1 = never
 * int64        metadata_epoch        the epoch of the metadata image this node has applied
 * array&lt;int32&gt; learners             the committed members that do not vote
 * array&lt;follower&gt; followers          only when the answering node is the leader: every other member
 *   int32      node_id
 *   int64      last_contact_age_ms   ms since it last answered the leader's append-entries; -1 = never
 *   int64      lag                   how many log entries it is behind the leader's log; -1 = unknown
 * </pre>
 */
public record DescribeQuorumResponse(ErrorCode error, String errorMessage, int nodeId, boolean quorumEnabled,
                                     int leaderId, int leaderEpoch, List<Integer> voters, boolean leaseHeld,
                                     long lastContactAgeMs, long metadataEpoch, List<Integer> learners,
                                     List<Follower> followers) implements Message {
    public DescribeQuorumResponse {
        voters = List.copyOf(voters);
        learners = List.copyOf(learners);
        followers = List.copyOf(followers);
    }

    /** One other member as the leader sees it replicating. */
    public record Follower(int nodeId, long lastContactAgeMs, long lag) {
        static final int MIN_BYTES = 4 + 8 + 8;

        void writeTo(ByteBuf out) {
            out.writeInt(nodeId);
            out.writeLong(lastContactAgeMs);
            out.writeLong(lag);
        }

        static Follower readFrom(ByteBuf in) {
            return new Follower(Wire.readInt32(in), Wire.readInt64(in), Wire.readInt64(in));
        }
    }

    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeError(out, error);
        Wire.writeNullableString(out, errorMessage);
        out.writeInt(nodeId);
        Wire.writeBool(out, quorumEnabled);
        out.writeInt(leaderId);
        out.writeInt(leaderEpoch);
        Wire.writeInt32Array(out, voters);
        Wire.writeBool(out, leaseHeld);
        out.writeLong(lastContactAgeMs);
        out.writeLong(metadataEpoch);
        Wire.writeInt32Array(out, learners);
        Wire.writeArray(out, followers, (buf, f) -> f.writeTo(buf));
    }

    public static DescribeQuorumResponse readFrom(ByteBuf in) {
        return new DescribeQuorumResponse(Wire.readError(in), Wire.readNullableString(in), Wire.readInt32(in),
                Wire.readBool(in), Wire.readInt32(in), Wire.readInt32(in), Wire.readInt32Array(in), Wire.readBool(in),
                Wire.readInt64(in), Wire.readInt64(in), Wire.readInt32Array(in),
                Wire.readArray(in, Follower.MIN_BYTES, Follower::readFrom));
    }
}
