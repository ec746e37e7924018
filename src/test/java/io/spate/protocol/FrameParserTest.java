package io.spate.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameParserTest {
    private final List<ResponseHeader> received = new ArrayList<>();
    private final List<String> bodies = new ArrayList<>();

    private FrameParser parser(int max) {
        return new FrameParser(max, frame -> {
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

    @Test
    void splitsFramesAtEveryPairOfByteBoundaries() {
        ByteBuf stream = threeFrames();
        int n = stream.readableBytes();
        for (int a = 0; a <= n; a++) {
            for (int b = a; b <= n; b++) {
                received.clear();
                bodies.clear();
                FrameParser p = parser(1024);
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

    @Test
    void oneByteAtATimeDeliversEveryFrame() {
        ByteBuf stream = threeFrames();
        FrameParser p = parser(1024);
        while (stream.isReadable()) {
            p.feed(stream.readSlice(1));
        }
        assertEquals(3, received.size());
        p.release();
    }

    @Test
    void undersizedFrameFailsAndTheParserStaysFailed() {
        FrameParser p = parser(1024);
        ByteBuf bad = Unpooled.buffer().writeInt(7).writeZero(7);
        InvalidFrameException e = assertThrows(InvalidFrameException.class, () -> p.feed(bad));
        assertEquals(7, e.size());
        assertTrue(p.isFailed());
        assertThrows(InvalidFrameException.class, () -> p.feed(threeFrames()));
        assertTrue(received.isEmpty());
    }

    @Test
    void oversizedFrameFailsBeforeItsBytesArrive() {
        FrameParser p = parser(1024);
        assertThrows(InvalidFrameException.class, () -> p.feed(Unpooled.buffer().writeInt(1025)));
        FrameParser negative = parser(1024);
        assertThrows(InvalidFrameException.class, () -> negative.feed(Unpooled.buffer().writeInt(-1)));
    }

    @Test
    void hugeAnnouncedSizeAllocatesOnlyWhatArrived() {
        FrameParser p = parser(Integer.MAX_VALUE);
        p.feed(Unpooled.buffer().writeInt(Integer.MAX_VALUE).writeZero(100));
        assertEquals(104, p.bufferedBytes());
        assertTrue(received.isEmpty());
        p.release();
    }

    @Test
    void framesOutliveTheCallersChunkOnlyWhenRetained() {
        List<ByteBuf> kept = new ArrayList<>();
        FrameParser p = new FrameParser(1024, frame -> kept.add(frame.retain()));
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

    @Test
    void releasedParserRefusesMoreBytes() {
        FrameParser p = parser(1024);
        p.release();
        p.release();
        assertThrows(IllegalStateException.class, () -> p.feed(threeFrames()));
    }
}
