package io.spate.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;
import org.junit.jupiter.api.Test;

class FramesTest {
    @Test
    void requestFrameIsSizePrefixedHeaderThenBody() {
        RequestHeader header = new RequestHeader(ApiKey.DELETE_TOPICS, (short) 0, 99, "c");
        DeleteTopicsRequest body = new DeleteTopicsRequest(List.of("t"), 500);
        ByteBuf frame = Frames.encodeRequest(ByteBufAllocator.DEFAULT, header, body);
        try {
            assertEquals(frame.readableBytes() - 4, frame.readInt());
            assertEquals(header, RequestHeader.readFrom(frame));
            assertEquals(body, DeleteTopicsRequest.readFrom(frame));
            assertFalse(frame.isReadable());
        } finally {
            frame.release();
        }
    }

    @Test
    void errorResponseFrameHasAnEmptyBody() {
        ResponseHeader header = new ResponseHeader(3, ErrorCode.UNSUPPORTED_VERSION, "api 63");
        ByteBuf frame = Frames.encodeResponse(ByteBufAllocator.DEFAULT, header, null);
        try {
            assertEquals(frame.readableBytes() - 4, frame.readInt());
            assertEquals(header, ResponseHeader.readFrom(frame));
            assertFalse(frame.isReadable());
        } finally {
            frame.release();
        }
    }

    @Test
    void smallestResponseFrameIsTheMinimumFrameSize() {
        ByteBuf frame = Frames.encodeResponse(ByteBufAllocator.DEFAULT, ResponseHeader.ok(1), null);
        try {
            assertEquals(FrameParser.MIN_FRAME_BYTES, frame.getInt(0));
        } finally {
            frame.release();
        }
    }

    @Test
    void recordsInSeveralPartsAreWrittenBackToBackAndLeftUnmoved() {
        ByteBuf records = io.netty.buffer.Unpooled.wrappedBuffer(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}),
                java.nio.ByteBuffer.wrap(new byte[] {4}), java.nio.ByteBuffer.wrap(new byte[] {5, 6}));
        records.skipBytes(1);
        ByteBuf out = ByteBufAllocator.DEFAULT.buffer();
        try {
            Wire.writeRecords(out, records);
            assertEquals(5, out.readInt());
            byte[] written = new byte[5];
            out.readBytes(written);
            assertEquals(List.of(2, 3, 4, 5, 6), java.util.stream.IntStream.range(0, 5).map(j -> written[j]).boxed().toList());
            assertFalse(out.isReadable());
            assertEquals(1, records.readerIndex());
            assertEquals(5, records.readableBytes());
        } finally {
            out.release();
            records.release();
        }
    }
}
