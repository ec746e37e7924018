package io.spate.group;

import io.spate.protocol.TopicPartition;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Keys and values of the offsets topic, in Kafka's {@code __consumer_offsets} format, so the
 * topic reads the same to Kafka's tools. Big-endian; string = int16 length + UTF-8 (-1 = null),
 * bytes = int32 length + bytes (-1 = null), array = int32 count + items.
 *
 * <pre>
 * offset commit key (version 1)  int16 1, string group, string topic, int32 partition
 * offset commit value (v3)       int16 3, int64 offset, int32 leader_epoch, string metadata, int64 commit_timestamp
 * group metadata key (version 2) int16 2, string group
 * group metadata value (v3)      int16 3, string protocol_type, int32 generation, nstring protocol,
 *                                nstring leader, int64 current_state_timestamp,
 *                                array&lt;string member_id, nstring group_instance_id, string client_id,
 *                                      string client_host, int32 rebalance_timeout, int32 session_timeout,
 *                                      bytes subscription, bytes assignment&gt;
 * </pre>
 * A record with a null value is a tombstone: the key is deleted. Only the versions above are read
 * (offset keys of version 0 too, which have the same layout); anything else is corrupt.
 * Stateless; any thread.
 */
final class OffsetRecordCodec {
    static final short OFFSET_KEY_V0 = 0;
    static final short OFFSET_KEY_VERSION = 1;
    static final short GROUP_KEY_VERSION = 2;
    static final short VALUE_VERSION = 3;

    private OffsetRecordCodec() {
    }

    static byte[] offsetKey(String groupId, TopicPartition tp) {
        byte[] group = utf8(groupId);
        byte[] topic = utf8(tp.topic());
        ByteBuffer b = ByteBuffer.allocate(2 + 2 + group.length + 2 + topic.length + 4);
        b.putShort(OFFSET_KEY_VERSION);
        putString(b, group);
        putString(b, topic);
        b.putInt(tp.partition());
        return b.array();
    }

    static byte[] groupKey(String groupId) {
        byte[] group = utf8(groupId);
        ByteBuffer b = ByteBuffer.allocate(2 + 2 + group.length);
        b.putShort(GROUP_KEY_VERSION);
        putString(b, group);
        return b.array();
    }

    static byte[] offsetValue(StoredOffset o) {
        byte[] metadata = utf8(o.metadata());
        ByteBuffer b = ByteBuffer.allocate(2 + 8 + 4 + 2 + metadata.length + 8);
        b.putShort(VALUE_VERSION).putLong(o.offset()).putInt(o.leaderEpoch());
        putString(b, metadata);
        b.putLong(o.commitTimestamp());
        return b.array();
    }

    static byte[] groupValue(GroupRecord g) {
        int size = 2 + stringSize(g.protocolType()) + 4 + stringSize(g.protocol()) + stringSize(g.leader()) + 8 + 4;
        for (GroupRecord.MemberRecord m : g.members()) {
            size += stringSize(m.memberId()) + stringSize(m.groupInstanceId()) + stringSize(m.clientId())
                    + stringSize(m.clientHost()) + 4 + 4 + 4 + m.subscription().length + 4 + m.assignment().length;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putShort(VALUE_VERSION);
        putString(b, utf8(g.protocolType()));
        b.putInt(g.generation());
        putString(b, utf8(g.protocol()));
        putString(b, utf8(g.leader()));
        b.putLong(g.currentStateTimestamp());
        b.putInt(g.members().size());
        for (GroupRecord.MemberRecord m : g.members()) {
            putString(b, utf8(m.memberId()));
            putString(b, utf8(m.groupInstanceId()));
            putString(b, utf8(m.clientId()));
            putString(b, utf8(m.clientHost()));
            b.putInt(m.rebalanceTimeoutMs()).putInt(m.sessionTimeoutMs());
            b.putInt(m.subscription().length).put(m.subscription());
            b.putInt(m.assignment().length).put(m.assignment());
        }
        return b.array();
    }

    /** @throws IllegalArgumentException on an unknown version or bad layout */
    static CoordinatorKey readKey(byte[] key) {
        ByteBuffer b = ByteBuffer.wrap(key);
        try {
            short version = b.getShort();
            CoordinatorKey result;
            if (version == OFFSET_KEY_V0 || version == OFFSET_KEY_VERSION) {
                String group = getString(b, false);
                String topic = getString(b, false);
                result = new CoordinatorKey.OffsetKey(group, new TopicPartition(topic, b.getInt()));
            } else if (version == GROUP_KEY_VERSION) {
                result = new CoordinatorKey.GroupKey(getString(b, false));
            } else {
                throw new IllegalArgumentException("unknown key version " + version);
            }
            requireConsumed(b, "key");
            return result;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("key ends early", e);
        }
    }

    /** @throws IllegalArgumentException on an unknown version or bad layout */
    static StoredOffset readOffsetValue(byte[] value) {
        ByteBuffer b = ByteBuffer.wrap(value);
        try {
            requireVersion(b.getShort(), "offset value");
            StoredOffset o = new StoredOffset(b.getLong(), b.getInt(), getString(b, false), b.getLong());
            requireConsumed(b, "offset value");
            return o;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("offset value ends early", e);
        }
    }

    /** @throws IllegalArgumentException on an unknown version or bad layout */
    static GroupRecord readGroupValue(byte[] value) {
        ByteBuffer b = ByteBuffer.wrap(value);
        try {
            requireVersion(b.getShort(), "group value");
            String protocolType = getString(b, false);
            int generation = b.getInt();
            String protocol = getString(b, true);
            String leader = getString(b, true);
            long stateTimestamp = b.getLong();
            int count = b.getInt();
            if (count < 0 || count > b.remaining()) {
                throw new IllegalArgumentException("bad member count " + count);
            }
            List<GroupRecord.MemberRecord> members = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                members.add(new GroupRecord.MemberRecord(getString(b, false), getString(b, true),
                        getString(b, false), getString(b, false), b.getInt(), b.getInt(), getBytes(b), getBytes(b)));
            }
            requireConsumed(b, "group value");
            return new GroupRecord(protocolType, generation, protocol, leader, stateTimestamp, members);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("group value ends early", e);
        }
    }

    private static void requireVersion(short version, String what) {
        if (version != VALUE_VERSION) {
            throw new IllegalArgumentException("unknown " + what + " version " + version);
        }
    }

    private static void requireConsumed(ByteBuffer b, String what) {
        if (b.hasRemaining()) {
            throw new IllegalArgumentException(what + " has " + b.remaining() + " trailing bytes");
        }
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static int stringSize(String s) {
        return 2 + (s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length);
    }

    private static void putString(ByteBuffer b, byte[] utf8) {
        if (utf8 == null) {
            b.putShort((short) -1);
        } else {
            if (utf8.length > Short.MAX_VALUE) {
                throw new IllegalArgumentException("string of " + utf8.length + " bytes is too long");
            }
            b.putShort((short) utf8.length).put(utf8);
        }
    }

    private static String getString(ByteBuffer b, boolean nullable) {
        short len = b.getShort();
        if (len == -1 && nullable) {
            return null;
        }
        if (len < 0) {
            throw new IllegalArgumentException("bad string length " + len);
        }
        byte[] bytes = new byte[len];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] getBytes(ByteBuffer b) {
        int len = b.getInt();
        if (len == -1) {
            return new byte[0];
        }
        if (len < 0 || len > b.remaining()) {
            throw new IllegalArgumentException("bad bytes length " + len);
        }
        byte[] bytes = new byte[len];
        b.get(bytes);
        return bytes;
    }
}
