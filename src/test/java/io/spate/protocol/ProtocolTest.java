package io.spate.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Codec tests for every message of docs/protocol.md: round trips, truncation, garbage, huge counts. */
class ProtocolTest {
    static List<SampleMessages.Sample> samples() {
        return SampleMessages.all();
    }

    private static ByteBuf encode(Message m) {
        ByteBuf buf = Unpooled.buffer();
        m.writeTo(buf);
        return buf;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void roundTripGivesAnEqualMessageAndConsumesEveryByte(SampleMessages.Sample sample) {
        ByteBuf buf = encode(sample.message());
        Message read = sample.reader().apply(buf);
        MessageAssertions.assertMessageEquals(sample.message(), read);
        Wire.requireFullyRead(buf);
        assertEquals(encode(sample.message()), encode(read), "re-encoding gives the same bytes");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everyTruncationIsMalformed(SampleMessages.Sample sample) {
        ByteBuf full = encode(sample.message());
        for (int len = 0; len < full.readableBytes(); len++) {
            ByteBuf prefix = full.slice(0, len);
            assertThrows(MalformedMessageException.class, () -> sample.reader().apply(prefix),
                    sample.name() + " truncated to " + len + " bytes");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void randomGarbageEitherDecodesOrIsMalformed(SampleMessages.Sample sample) {
        Random random = new Random(sample.name().hashCode());
        ByteBuf full = encode(sample.message());
        for (int i = 0; i < 2000; i++) {
            ByteBuf mutated = full.copy();
            int flips = 1 + random.nextInt(4);
            for (int f = 0; f < flips && mutated.readableBytes() > 0; f++) {
                mutated.setByte(random.nextInt(mutated.readableBytes()), random.nextInt(256));
            }
            decodeOrMalformed(sample.reader(), mutated);
            byte[] noise = new byte[random.nextInt(64)];
            random.nextBytes(noise);
            decodeOrMalformed(sample.reader(), Unpooled.wrappedBuffer(noise));
        }
    }

    private static void decodeOrMalformed(Function<ByteBuf, Message> reader, ByteBuf buf) {
        try {
            reader.apply(buf);
        } catch (MalformedMessageException expected) {
            // the only failure a reader may raise
        }
    }

    @Test
    void hugeArrayCountIsMalformedWithoutAllocating() {
        ByteBuf buf = Unpooled.buffer().writeInt(Integer.MAX_VALUE).writeInt(1);
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> MetadataResponse.readFrom(buf));
        assertTrue(e.getMessage().contains("array count"), e.getMessage());
    }

    @Test
    void arrayCountIsBoundedByTheSmallestItemSize() {
        // 3 fetch partitions need at least 60 bytes; 59 remain
        ByteBuf buf = Unpooled.buffer();
        Wire.writeString(buf, "t");
        buf.writeInt(3).writeZero(59);
        assertThrows(MalformedMessageException.class, () -> FetchRequest.TopicData.readFrom(buf, (short) 0));
    }

    @Test
    void hugeRecordsLengthIsMalformedWithoutAllocating() {
        ByteBuf buf = Unpooled.buffer().writeInt(0).writeInt(Integer.MAX_VALUE).writeZero(8);
        assertThrows(MalformedMessageException.class, () -> ProduceRequest.PartitionData.readFrom(buf));
    }

    @Test
    void negativeLengthsAndCountsAreMalformed() {
        assertThrows(MalformedMessageException.class, () -> Wire.readNullableString(Unpooled.buffer().writeShort(-2)));
        assertThrows(MalformedMessageException.class,
                () -> Wire.readNullableStringArray(Unpooled.buffer().writeInt(-5)));
        assertThrows(MalformedMessageException.class, () -> Wire.readRecords(Unpooled.buffer().writeInt(-9)));
    }

    @Test
    void nullWhereAValueIsRequiredIsMalformed() {
        assertThrows(MalformedMessageException.class, () -> Wire.readString(Unpooled.buffer().writeShort(-1)));
        assertThrows(MalformedMessageException.class,
                () -> DeleteTopicsRequest.readFrom(Unpooled.buffer().writeInt(-1).writeInt(0)));
    }

    @Test
    void boolOtherThanZeroOrOneIsMalformed() {
        ByteBuf buf = Unpooled.buffer().writeInt(-1).writeByte(2);
        assertThrows(MalformedMessageException.class, () -> MetadataRequest.readFrom(buf));
    }

    @Test
    void unknownConfigOpIsMalformed() {
        ByteBuf buf = Unpooled.buffer();
        Wire.writeString(buf, "retention.ms");
        buf.writeByte(7);
        Wire.writeNullableString(buf, "1");
        assertThrows(MalformedMessageException.class, () -> IncrementalAlterConfigsRequest.Op.readFrom(buf));
    }

    @Test
    void invalidUtf8IsReplacedNotRejected() {
        ByteBuf buf = Unpooled.buffer().writeShort(2).writeByte(0xC3).writeByte(0x28);
        assertEquals("\uFFFD(", Wire.readString(buf));
    }

    @Test
    void unknownErrorCodeReadsAsUnknownServerError() {
        ByteBuf buf = Unpooled.buffer().writeInt(5).writeShort(9999).writeShort(-1);
        assertEquals(ErrorCode.UNKNOWN_SERVER_ERROR, ResponseHeader.readFrom(buf).error());
    }

    @Test
    void unknownApiKeyIsKeptByIdWithANullKey() {
        ByteBuf buf = Unpooled.buffer().writeShort(63).writeShort(4).writeInt(11).writeShort(-1);
        RequestHeader h = RequestHeader.readFrom(buf);
        assertEquals(null, h.apiKey());
        assertEquals(63, h.apiKeyId());
        assertEquals(4, h.apiVersion());
        assertEquals(11, h.correlationId());
    }

    @Test
    void recordsAreSlicesOfTheFrameNotCopies() {
        ByteBuf frame = encode(new ProduceRequest((short) 1, 10, List.of(new ProduceRequest.TopicData("t",
                List.of(new ProduceRequest.PartitionData(0, SampleMessages.bytes("abc")))))));
        ByteBuf records = ProduceRequest.readFrom(frame).topics().get(0).partitions().get(0).records();
        frame.setByte(frame.writerIndex() - 1, 'z');
        assertEquals("abz", records.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void writingRecordsLeavesTheSourceReaderIndexAlone() {
        ByteBuf records = SampleMessages.bytes("xyz");
        new FetchResponse.PartitionData(0, ErrorCode.NONE, null, 0, 0, records).writeTo(Unpooled.buffer(), (short) 0);
        assertEquals(3, records.readableBytes());
    }

    @Test
    void stringLongerThanInt16IsRefusedOnWrite() {
        assertThrows(IllegalArgumentException.class,
                () -> Wire.writeString(Unpooled.buffer(), "x".repeat(Short.MAX_VALUE + 1)));
    }
}
