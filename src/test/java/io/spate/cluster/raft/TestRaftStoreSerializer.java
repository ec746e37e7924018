package io.spate.cluster.raft;

import io.microraft.RaftEndpoint;
import io.microraft.model.RaftModelFactory;
import io.microraft.model.impl.DefaultRaftModelFactory;
import io.microraft.model.log.LogEntry;
import io.microraft.model.log.RaftGroupMembersView;
import io.microraft.model.log.SnapshotChunk;
import io.microraft.model.persistence.RaftEndpointPersistentState;
import io.microraft.model.persistence.RaftTermPersistentState;
import io.microraft.persistence.RaftStoreSerializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A serializer for the store's tests, independent of the production codec: it writes the few fields of
 * each MicroRaft model with {@link DataOutputStream}, endpoints are {@link SpateEndpoint}s and operations
 * are Strings (null allowed).
 */
final class TestRaftStoreSerializer implements RaftStoreSerializer {
    static final RaftModelFactory MODELS = new DefaultRaftModelFactory();

    private interface Writer<T> {
        void write(DataOutputStream out, T value) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static <T> Serializer<T> of(Writer<T> writer, Reader<T> reader) {
        return new Serializer<>() {
            @Override
            public byte[] serialize(T value) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (DataOutputStream out = new DataOutputStream(bytes)) {
                    writer.write(out, value);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return bytes.toByteArray();
            }

            @Override
            public T deserialize(byte[] bytes) {
                try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
                    T value = reader.read(in);
                    if (in.available() != 0) {
                        throw new IllegalArgumentException(in.available() + " bytes left over");
                    }
                    return value;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    private static void endpoint(DataOutputStream out, RaftEndpoint e) throws IOException {
        out.writeInt(e == null ? -1 : ((SpateEndpoint) e).nodeId());
    }

    private static RaftEndpoint endpoint(DataInputStream in) throws IOException {
        int id = in.readInt();
        return id < 0 ? null : new SpateEndpoint(id);
    }

    private static void operation(DataOutputStream out, Object op) throws IOException {
        out.writeBoolean(op != null);
        if (op != null) {
            out.writeUTF((String) op);
        }
    }

    private static Object operation(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void endpoints(DataOutputStream out, Collection<RaftEndpoint> es) throws IOException {
        out.writeInt(es.size());
        for (RaftEndpoint e : es) {
            endpoint(out, e);
        }
    }

    private static List<RaftEndpoint> endpoints(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<RaftEndpoint> es = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            es.add(endpoint(in));
        }
        return es;
    }

    private static void members(DataOutputStream out, RaftGroupMembersView v) throws IOException {
        out.writeLong(v.getLogIndex());
        endpoints(out, v.getMembers());
        endpoints(out, v.getVotingMembers());
    }

    private static RaftGroupMembersView members(DataInputStream in) throws IOException {
        return MODELS.createRaftGroupMembersViewBuilder().setLogIndex(in.readLong()).setMembers(endpoints(in))
                .setVotingMembers(endpoints(in)).build();
    }

    @Override
    public Serializer<RaftGroupMembersView> raftGroupMembersViewSerializer() {
        return of(TestRaftStoreSerializer::members, TestRaftStoreSerializer::members);
    }

    @Override
    public Serializer<RaftEndpoint> raftEndpointSerializer() {
        return of(TestRaftStoreSerializer::endpoint, TestRaftStoreSerializer::endpoint);
    }

    @Override
    public Serializer<LogEntry> logEntrySerializer() {
        return of((out, e) -> {
            out.writeLong(e.getIndex());
            out.writeInt(e.getTerm());
            operation(out, e.getOperation());
        }, in -> MODELS.createLogEntryBuilder().setIndex(in.readLong()).setTerm(in.readInt())
                .setOperation(operation(in)).build());
    }

    @Override
    public Serializer<SnapshotChunk> snapshotChunkSerializer() {
        return of((out, c) -> {
            out.writeLong(c.getIndex());
            out.writeInt(c.getTerm());
            operation(out, c.getOperation());
            out.writeInt(c.getSnapshotChunkIndex());
            out.writeInt(c.getSnapshotChunkCount());
            members(out, c.getGroupMembersView());
        }, in -> MODELS.createSnapshotChunkBuilder().setIndex(in.readLong()).setTerm(in.readInt())
                .setOperation(operation(in)).setSnapshotChunkIndex(in.readInt()).setSnapshotChunkCount(in.readInt())
                .setGroupMembersView(members(in)).build());
    }

    @Override
    public Serializer<RaftEndpointPersistentState> raftEndpointPersistentStateSerializer() {
        return of((out, s) -> {
            endpoint(out, s.getLocalEndpoint());
            out.writeBoolean(s.isVoting());
        }, in -> MODELS.createRaftEndpointPersistentStateBuilder().setLocalEndpoint(endpoint(in))
                .setVoting(in.readBoolean()).build());
    }

    @Override
    public Serializer<RaftTermPersistentState> raftTermPersistentState() {
        return of((out, s) -> {
            out.writeInt(s.getTerm());
            endpoint(out, s.getVotedFor());
        }, in -> MODELS.createRaftTermPersistentStateBuilder().setTerm(in.readInt()).setVotedFor(endpoint(in))
                .build());
    }
}
