package io.spate.cluster.raft;

import io.microraft.MembershipChangeMode;
import io.microraft.RaftEndpoint;
import io.microraft.model.RaftModelFactory;
import io.microraft.model.impl.DefaultRaftModelFactory;
import io.microraft.model.log.LogEntry;
import io.microraft.model.log.RaftGroupMembersView;
import io.microraft.model.log.SnapshotChunk;
import io.microraft.model.message.RaftMessage;
import io.microraft.model.persistence.RaftEndpointPersistentState;
import io.microraft.model.persistence.RaftTermPersistentState;
import io.microraft.persistence.RaftStoreSerializer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.spate.protocol.MalformedMessageException;
import io.spate.protocol.Wire;
import java.util.Objects;

/**
 * The binary form of everything MicroRaft hands to a transport or a store: its messages, log
 * entries, snapshot chunks and entries, group member views, persistent endpoint and term state,
 * endpoints, and the operations inside entries and chunks (MicroRaft's membership change and
 * the three {@link MetadataCommand}s). It is also the {@link RaftStoreSerializer} of the store.
 *
 * <h2>Format, version 1</h2>
 * Big-endian, with the primitives of {@link Wire}: {@code int8/int32/int64}, {@code bool} (one
 * byte, 0 or 1), {@code string} (int16 length, UTF-8), {@code bytes} (int32 length, the bytes).
 * <pre>
 * encoding    = version:int8 (= 1)  tag:int8  body      nothing may follow the body
 * endpoint    = nodeId:int32 (&gt;= 0; -1 = none, only where a field may be empty)
 * endpoints   = count:int32  endpoint*                   order kept
 * membersView = logIndex:int64  members:endpoints  votingMembers:endpoints
 * operation   = tag:int8  body                           tag 40..44 only
 * logEntry    = index:int64  term:int32  operation
 * chunk       = index:int64  term:int32  operation  chunkCount:int32  chunkIndex:int32  membersView
 * header      = groupId:string  sender:endpoint  term:int32    (every message starts with it)
 *
 * tag body
 *  1  AppendEntriesRequest         header prevLogTerm:int32 prevLogIndex:int64 commitIndex:int64
 *                                  entries:(count:int32 logEntry*) querySeq:int64 flowControlSeq:int64
 *  2  AppendEntriesSuccessResponse header lastLogIndex:int64 querySeq:int64 flowControlSeq:int64
 *  3  AppendEntriesFailureResponse header expectedNextIndex:int64 querySeq:int64 flowControlSeq:int64
 *  4  InstallSnapshotRequest       header senderLeader:bool snapshotTerm:int32 snapshotIndex:int64
 *                                  totalChunkCount:int32 hasChunk:bool [chunk] snapshottedMembers:endpoints
 *                                  membersView querySeq:int64 flowControlSeq:int64
 *  5  InstallSnapshotResponse      header snapshotIndex:int64 requestedChunkIndex:int32
 *                                  querySeq:int64 flowControlSeq:int64
 *  6  PreVoteRequest               header lastLogTerm:int32 lastLogIndex:int64
 *  7  PreVoteResponse              header granted:bool
 *  8  VoteRequest                  header lastLogTerm:int32 lastLogIndex:int64 sticky:bool
 *  9  VoteResponse                 header granted:bool
 * 10  TriggerLeaderElectionRequest header lastLogTerm:int32 lastLogIndex:int64
 * 20  LogEntry                     logEntry
 * 21  SnapshotEntry                index:int64 term:int32 membersView chunks:(count:int32 chunk*)
 * 22  SnapshotChunk                chunk
 * 23  RaftGroupMembersView         membersView
 * 24  RaftEndpoint                 endpoint
 * 25  RaftEndpointPersistentState  localEndpoint:endpoint voting:bool
 * 26  RaftTermPersistentState      term:int32 votedFor:endpoint (-1 = no vote)
 * 40  UpdateRaftGroupMembersOp     members:endpoints votingMembers:endpoints endpoint
 *                                  mode:int8 (0 ADD_LEARNER, 1 ADD_OR_PROMOTE_TO_FOLLOWER, 2 REMOVE_MEMBER)
 * 41  MetadataCommand.NewTerm      (empty)
 * 42  MetadataCommand.SetImage     expectedEpoch:int64 next:bytes (MetadataImage.toJson, UTF-8)
 * 43  MetadataCommand.Snapshot     image:bytes (MetadataImage.toJson, UTF-8)
 * 44  MetadataCommand.Import       image:bytes (epoch &gt;= 1)
 * 50  ProposalResult.Applied       image:bytes          (a forwarded proposal's answer)
 * 51  ProposalResult.Conflict      image:bytes          (a forwarded proposal's answer)
 * 52  ForwardRefusal               reason:int8 (0 NOT_LEADER, 1 CANNOT_REPLICATE, 2 INDETERMINATE)
 *                                  leader:endpoint (-1 = none known)
 * </pre>
 * Terms, indexes, sequence numbers and epochs are never negative; chunk counts are at most
 * {@link #MAX_SNAPSHOT_CHUNKS} and a chunk's index is below its count. The image travels as the
 * same JSON as {@code <data.dir>/meta/cluster.json}, so one format describes it everywhere; images
 * are small next to the bytes a Raft message can carry.
 *
 * <p>A version that changes any of this gets a new version number; a decoder refuses versions it
 * does not know rather than guess.
 *
 * <h2>Errors</h2>
 * Decoding is strict: an unknown version or tag, a truncated input, trailing bytes, a negative
 * or impossible length or count (every one is checked against the bytes left before anything is
 * allocated) or a value outside its domain throws {@link RaftCodecException}, and nothing else.
 * Encoding a value the format cannot hold throws {@link IllegalArgumentException}: a null where a
 * value is required, a negative number, an endpoint other than {@link SpateEndpoint}, a group id
 * other than a String, an operation of another type, or the initial (empty) snapshot entry of a
 * log, which MicroRaft never sends nor stores.
 *
 * <p>Stateless but for the model factory it builds decoded objects with; any thread.
 */
public final class RaftCodec implements RaftStoreSerializer {
    /** The version this codec writes, and the only one it reads. */
    public static final byte VERSION = 1;
    /**
     * The most chunks a snapshot may have. MicroRaft allocates a set of every missing chunk index
     * when an install-snapshot request arrives, so the count a peer sends must be bounded too; the
     * metadata state machine takes one chunk.
     */
    public static final int MAX_SNAPSHOT_CHUNKS = 1024;
    /** The node id written for "no endpoint" (a term without a vote). */
    static final int NO_ENDPOINT = -1;

    private final RaftModelFactory factory;
    private final RaftDecoder decoder;

    /** A codec that builds decoded objects with MicroRaft's {@link DefaultRaftModelFactory}. */
    public RaftCodec() {
        this(new DefaultRaftModelFactory());
    }

    /** A codec that builds decoded objects with {@code factory} (the RaftNode's model factory). */
    public RaftCodec(RaftModelFactory factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.decoder = new RaftDecoder(factory);
    }

    /** The model factory decoded objects are built with. */
    public RaftModelFactory modelFactory() {
        return factory;
    }

    /**
     * The encoding of {@code value}, one of the types of the class comment.
     *
     * @throws IllegalArgumentException if the format cannot hold {@code value}
     */
    public byte[] encode(Object value) {
        RaftType type = RaftType.typeOf(Objects.requireNonNull(value, "value"));
        if (type == null) {
            throw new IllegalArgumentException("the Raft codec cannot encode a " + value.getClass().getName());
        }
        ByteBuf out = Unpooled.buffer(64);
        try {
            out.writeByte(VERSION);
            out.writeByte(type.tag);
            RaftEncoder.writeBody(type, value, out);
            byte[] bytes = new byte[out.readableBytes()];
            out.readBytes(bytes);
            return bytes;
        } finally {
            out.release();
        }
    }

    /**
     * The value {@code bytes} encode, which must be of type {@code expected}.
     *
     * @throws RaftCodecException if {@code bytes} are not one whole encoding of an {@code expected}
     */
    public <T> T decode(byte[] bytes, Class<T> expected) {
        Objects.requireNonNull(bytes, "bytes");
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        try {
            byte version = Wire.readInt8(in);
            if (version != VERSION) {
                throw new RaftCodecException("unknown Raft codec version " + version + " (this node reads "
                        + VERSION + ")");
            }
            byte tag = Wire.readInt8(in);
            RaftType type = RaftType.ofTag(tag);
            if (type == null) {
                throw new RaftCodecException("unknown Raft codec type " + tag);
            }
            if (!expected.isAssignableFrom(type.javaType)) {
                throw new RaftCodecException("expected a " + expected.getSimpleName() + ", found a "
                        + type.javaType.getSimpleName());
            }
            Object value = decoder.readBody(type, in);
            Wire.requireFullyRead(in);
            return expected.cast(value);
        } catch (MalformedMessageException e) {
            throw new RaftCodecException("malformed Raft data of " + bytes.length + " bytes: " + e.getMessage(), e);
        }
    }

    /** A message as a transport receives it; see {@link #decode(byte[], Class)}. */
    public RaftMessage decodeMessage(byte[] bytes) {
        return decode(bytes, RaftMessage.class);
    }

    @Override
    public Serializer<RaftGroupMembersView> raftGroupMembersViewSerializer() {
        return serializer(RaftGroupMembersView.class);
    }

    @Override
    public Serializer<RaftEndpoint> raftEndpointSerializer() {
        return serializer(RaftEndpoint.class);
    }

    @Override
    public Serializer<LogEntry> logEntrySerializer() {
        return serializer(LogEntry.class);
    }

    @Override
    public Serializer<SnapshotChunk> snapshotChunkSerializer() {
        return serializer(SnapshotChunk.class);
    }

    @Override
    public Serializer<RaftEndpointPersistentState> raftEndpointPersistentStateSerializer() {
        return serializer(RaftEndpointPersistentState.class);
    }

    @Override
    public Serializer<RaftTermPersistentState> raftTermPersistentState() {
        return serializer(RaftTermPersistentState.class);
    }

    private <T> Serializer<T> serializer(Class<T> type) {
        return new Serializer<>() {
            @Override
            public byte[] serialize(T value) {
                return encode(value);
            }

            @Override
            public T deserialize(byte[] bytes) {
                return decode(bytes, type);
            }
        };
    }

    /** The wire code of a membership change mode (fixed here, not MicroRaft's enum order). */
    static byte modeCode(MembershipChangeMode mode) {
        return switch (mode) {
            case ADD_LEARNER -> 0;
            case ADD_OR_PROMOTE_TO_FOLLOWER -> 1;
            case REMOVE_MEMBER -> 2;
        };
    }

    /** The mode of a wire code, or null for a code no mode has. */
    static MembershipChangeMode modeOf(byte code) {
        return switch (code) {
            case 0 -> MembershipChangeMode.ADD_LEARNER;
            case 1 -> MembershipChangeMode.ADD_OR_PROMOTE_TO_FOLLOWER;
            case 2 -> MembershipChangeMode.REMOVE_MEMBER;
            default -> null;
        };
    }
}
