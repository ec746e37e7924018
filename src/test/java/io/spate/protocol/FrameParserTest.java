package io.spate.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Both {@link FrameSplitter}s against the common contract; what differs is tested per class. */
class FrameParserTest {
    /** The two implementations, by name, for the parameterized tests. */
    enum Kind {
        PARSER, ASSEMBLER;

        FrameSplitter create(int max, Consumer<ByteBuf> handler) {
            return this == PARSER ? new FrameParser(max, handler) : new FrameAssembler(max, handler);
        }
    }

    private final List<ResponseHeader> received = new ArrayList<>();
    private final List<String> bodies = new ArrayList<>();

    private FrameSplitter parser(Kind kind, int max) {
        return kind.create(max, frame -> {
            received.add(ResponseHeader.readFrom(frame));
            bodies.add(frame.toString(java.nio.charset.StandardCharsets.UTF_8));
        });
    }

    private static ByteBuf threeFrames() {
        ByteBuf stream = Unpooled.buffer();
        for (int i = 0; i < 3; i++) {
            String body = "body-" + i;
            ByteBuf f = Frames.encodeResponse(ByteBufAllocator.DEFAULT, new ResponseHeader(i, ErrorCode.NONE, "m" + i),
                    out -> out.writeCharSequence(body, java.nio.charset.StandardCharsets.UTF_8));
            stream.writeBytes(f);
            f.release();
        }
        return stream;
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void splitsFramesAtEveryPairOfByteBoundaries(Kind kind) {
        ByteBuf stream = threeFrames();
        int n = stream.readableBytes();
        for (int a = 0; a <= n; a++) {
            for (int b = a; b <= n; b++) {
                received.clear();
                bodies.clear();
                FrameSplitter p = parser(kind, 1024);
                p.feed(stream.slice(0, a));
                p.feed(stream.slice(a, b - a));
                p.feed(stream.slice(b, n - b));
                assertEquals(3, received.size(), "split at " + a + "," + b);
                for (int i = 0; i < 3; i++) {
                    assertEquals(new ResponseHeader(i, ErrorCode.NONE, "m" + i), received.get(i));
                    assertEquals("body-" + i, bodies.get(i));
                }
                assertEquals(0, p.bufferedBytes());
                p.release();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void oneByteAtATimeDeliversEveryFrame(Kind kind) {
        ByteBuf stream = threeFrames();
        FrameSplitter p = parser(kind, 1024);
        while (stream.isReadable()) {
            p.feed(stream.readSlice(1));
        }
        assertEquals(3, received.size());
        p.release();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void undersizedFrameFailsAndTheParserStaysFailed(Kind kind) {
        FrameSplitter p = parser(kind, 1024);
        ByteBuf bad = Unpooled.buffer().writeInt(7).writeZero(7);
        InvalidFrameException e = assertThrows(InvalidFrameException.class, () -> p.feed(bad));
        assertEquals(7, e.size());
        assertTrue(p.isFailed());
        assertThrows(InvalidFrameException.class, () -> p.feed(threeFrames()));
        assertTrue(received.isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void oversizedFrameFailsBeforeItsBytesArrive(Kind kind) {
        FrameSplitter p = parser(kind, 1024);
        assertThrows(InvalidFrameException.class, () -> p.feed(Unpooled.buffer().writeInt(1025)));
        FrameSplitter negative = parser(kind, 1024);
        assertThrows(InvalidFrameException.class, () -> negative.feed(Unpooled.buffer().writeInt(-1)));
    }

    @Test
    void hugeAnnouncedSizeAllocatesOnlyWhatArrived() {
        FrameSplitter p = parser(Kind.PARSER, Integer.MAX_VALUE);
        p.feed(Unpooled.buffer().writeInt(Integer.MAX_VALUE).writeZero(100));
        assertEquals(104, p.bufferedBytes());
        assertTrue(received.isEmpty());
        p.release();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void framesOutliveTheCallersChunkOnlyWhenRetained(Kind kind) {
        List<ByteBuf> kept = new ArrayList<>();
        FrameSplitter p = kind.create(1024, frame -> kept.add(frame.retain()));
        ByteBuf stream = threeFrames();
        ByteBuf direct = ByteBufAllocator.DEFAULT.directBuffer().writeBytes(stream);
        p.feed(direct);
        direct.release();
        assertEquals(3, kept.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(i, ResponseHeader.readFrom(kept.get(i)).correlationId());
            kept.get(i).release();
        }
        p.release();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void releasedParserRefusesMoreBytes(Kind kind) {
        FrameSplitter p = parser(kind, 1024);
        p.release();
        p.release();
        assertThrows(IllegalStateException.class, () -> p.feed(threeFrames()));
    }

    @Test
    void assemblerReusesTheBufferOfAFrameNobodyKept() {
        List<ByteBuf> seen = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        FrameAssembler a = new FrameAssembler(1024, frame -> {
            seen.add(frame);
            texts.add(frame.toString(java.nio.charset.StandardCharsets.UTF_8));
        });
        a.feed(threeFrames());
        assertEquals(3, texts.size());
        assertTrue(seen.get(0) == seen.get(1) && seen.get(1) == seen.get(2), "one buffer for frames that fit");
        for (int i = 0; i < 3; i++) {
            assertTrue(texts.get(i).endsWith("body-" + i), texts.get(i));
        }
        a.release();
        assertEquals(0, seen.get(0).refCnt(), "released with the assembler");
    }

    @Test
    void assemblerNeverReusesARetainedFrame() {
        List<ByteBuf> kept = new ArrayList<>();
        FrameAssembler a = new FrameAssembler(1024, frame -> kept.add(frame.retain()));
        a.feed(threeFrames());
        assertEquals(3, kept.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(i, ResponseHeader.readFrom(kept.get(i)).correlationId(), "a kept frame is not overwritten");
            assertEquals(1, kept.get(i).refCnt());
            kept.get(i).release();
        }
        a.release();
    }

    @Test
    void assemblerLeavesTheCallersChunkUntouched() {
        FrameAssembler a = new FrameAssembler(1024, frame -> received.add(ResponseHeader.readFrom(frame)));
        ByteBuf stream = threeFrames();
        int readable = stream.readableBytes();
        a.feed(stream);
        assertEquals(3, received.size());
        assertEquals(0, stream.readerIndex());
        assertEquals(readable, stream.readableBytes());
        a.release();
    }

    @Test
    void assemblerCountsAPartialFrameAsBuffered() {
        FrameAssembler a = new FrameAssembler(1024, frame -> received.add(ResponseHeader.readFrom(frame)));
        a.feed(Unpooled.buffer().writeShort(0));
        assertEquals(2, a.bufferedBytes());
        a.feed(Unpooled.buffer().writeShort(100).writeZero(10));
        assertEquals(14, a.bufferedBytes());
        assertTrue(received.isEmpty());
        a.release();
    }
    @Test
    void aFrameAnnouncedAt100MbButTenBytesSentHoldsAboutTenBytes() {
        FrameParser p = new FrameParser(FrameParser.DEFAULT_MAX_FRAME_BYTES, frame -> received.add(ResponseHeader.readFrom(frame)));
        p.feed(Unpooled.buffer().writeInt(FrameParser.DEFAULT_MAX_FRAME_BYTES).writeZero(10));
        assertEquals(14, p.bufferedBytes());
        assertTrue(p.heldBytes() <= 64, "held " + p.heldBytes());
        assertTrue(p.hasPartialFrame());
        p.release();
        assertEquals(0, p.heldBytes());
        assertEquals(0, p.bufferedBytes());
    }

    /**
     * One-byte TCP segments: each arrives in a read buffer of its own (Netty's are 64 bytes to 64
     * KiB). The parser must not keep those buffers (nor an object per segment) for the frame's
     * sake: it copies the byte and lets the caller free its chunk.
     */
    @Test
    void oneByteSegmentsOfAPartialFrameKeepNoneOfTheCallersChunks() {
        FrameParser p = new FrameParser(1 << 20, frame -> received.add(ResponseHeader.readFrom(frame)));
        ByteBuf header = Unpooled.buffer().writeInt(1 << 20);
        List<ByteBuf> chunks = new ArrayList<>();
        for (int i = 0; i < 4 + 10_000; i++) {
            ByteBuf chunk = ByteBufAllocator.DEFAULT.heapBuffer(2048).writeByte(i < 4 ? header.getByte(i) : 0);
            p.feed(chunk);
            chunk.release();
            chunks.add(chunk);
        }
        assertTrue(chunks.stream().allMatch(c -> c.refCnt() == 0), "the parser still holds some of the callers' chunks");
        assertEquals(10_004, p.bufferedBytes());
        assertTrue(p.heldBytes() <= 10_000 * 3 / 2 + 64, "held " + p.heldBytes());
        assertTrue(received.isEmpty());
        p.release();
    }

    @Test
    void aSplitFrameGrowsItsBufferWithTheBytesAndIsDeliveredWhole() {
        List<String> frames = new ArrayList<>();
        FrameParser p = new FrameParser(1 << 20, frame -> frames.add(frame.toString(java.nio.charset.StandardCharsets.US_ASCII)));
        String body = "x".repeat(100_000);
        ByteBuf stream = Unpooled.buffer().writeInt(body.length()).writeBytes(body.getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .writeInt(8).writeBytes("12345678".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        int last = 0;
        while (stream.isReadable()) {
            p.feed(stream.readSlice(Math.min(stream.readableBytes(), 1000)));
            if (frames.isEmpty()) {
                assertTrue(p.heldBytes() >= last && p.heldBytes() <= p.bufferedBytes() * 3 / 2 + 64, "held " + p.heldBytes());
                last = p.heldBytes();
            }
        }
        assertEquals(List.of(body, "12345678"), frames);
        assertEquals(0, p.heldBytes());
        p.release();
    }

    @Test
    void bytesAfterAFrameWhoseHandlerThrewAreParsedAtTheNextFeed() {
        List<Integer> ids = new ArrayList<>();
        FrameParser p = new FrameParser(1024, frame -> {
            int id = ResponseHeader.readFrom(frame).correlationId();
            ids.add(id);
            if (id == 0) {
                throw new IllegalStateException("boom");
            }
        });
        assertThrows(IllegalStateException.class, () -> p.feed(threeFrames()));
        p.feed(Unpooled.EMPTY_BUFFER);
        assertEquals(List.of(0, 1, 2), ids);
        p.release();
    }
}
