package io.spate.cli;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.spate.protocol.ApiKey;
import io.spate.protocol.ApiVersionsRequest;
import io.spate.protocol.ApiVersionsResponse;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.FrameParser;
import io.spate.protocol.Frames;
import io.spate.protocol.RequestHeader;
import io.spate.protocol.ResponseHeader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * One bootstrap address asked, on a plain blocking socket, whether a Spate node serves there: it
 * must accept a TCP connection and answer an ApiVersions request with a well-formed Spate response,
 * all within the timeout ({@code --timeout}). What it finds is told apart, each as the one line the
 * user reads: nothing listens (or the host is unknown), something listens but never answers, or
 * what answers is not a Spate node (an HTTP server answers {@code HTTP/1.1 400…}, whose first four
 * bytes read as a frame size of 1213486160).
 *
 * <p>Used by the CLI's thread before any client starts, so that these are exit code 3 at once
 * instead of a request timeout (exit 1) or a frame error later.
 */
final class NodeProbe {
    /** The largest ApiVersions answer believed: a few hundred bytes in practice. */
    static final int MAX_ANSWER_BYTES = 1 << 16;
    private static final int CORRELATION_ID = 0x5A7E;
    private static final String CLIENT_ID = "spate-cli";

    /** Why an address did not pass; its message is the line the user reads. */
    static final class Failure extends Exception {
        Failure(String message) {
            super(message);
        }
    }

    private NodeProbe() {
    }

    /** Connects to the address and checks its answer; throws {@link Failure} saying what was found. */
    static void check(InetSocketAddress unresolved, Duration timeout) throws Failure {
        String name = unresolved.getHostString() + ":" + unresolved.getPort();
        InetSocketAddress address = new InetSocketAddress(unresolved.getHostString(), unresolved.getPort());
        if (address.isUnresolved()) {
            throw new Failure("cannot connect to " + name + ": unknown host " + unresolved.getHostString());
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Socket socket = new Socket()) {
            try {
                socket.connect(address, (int) Math.max(1, timeout.toMillis()));
            } catch (IOException e) {
                throw new Failure("cannot connect to " + name + ": " + reason(e));
            }
            try {
                socket.getOutputStream().write(request());
                InputStream in = socket.getInputStream();
                int size = readInt(in, socket, deadline);
                if (size < FrameParser.MIN_FRAME_BYTES || size > MAX_ANSWER_BYTES) {
                    throw notSpate(name, "its answer is not a Spate response");
                }
                byte[] frame = read(in, socket, deadline, size);
                checkAnswer(name, frame);
            } catch (SocketTimeoutException e) {
                throw new Failure("no answer from " + name + " within " + Converters.Timeout.format(timeout)
                        + " (it accepts connections; --timeout sets the wait)");
            } catch (EOFException e) {
                throw new Failure("cannot connect to " + name + ": it closed the connection without answering");
            } catch (IOException e) {
                throw new Failure("cannot connect to " + name + ": " + reason(e));
            }
        } catch (IOException closing) {
            // closing a probe socket changes nothing about what it found
        }
    }

    private static byte[] request() {
        ByteBuf frame = Frames.encodeRequest(UnpooledByteBufAllocator.DEFAULT,
                new RequestHeader(ApiKey.API_VERSIONS, (short) 0, CORRELATION_ID, CLIENT_ID), new ApiVersionsRequest());
        try {
            byte[] bytes = new byte[frame.readableBytes()];
            frame.readBytes(bytes);
            return bytes;
        } finally {
            frame.release();
        }
    }

    private static void checkAnswer(String name, byte[] frame) throws Failure {
        ByteBuf in = Unpooled.wrappedBuffer(frame);
        try {
            ResponseHeader header = ResponseHeader.readFrom(in);
            if (header.correlationId() != CORRELATION_ID) {
                throw notSpate(name, "its answer is not a Spate response");
            }
            if (header.error() == ErrorCode.NONE) {
                ApiVersionsResponse.readFrom(in);
            }
        } catch (RuntimeException e) {
            // a header or body that does not parse: the bytes were not written by a Spate node
            throw notSpate(name, "its answer is not a Spate response");
        }
    }

    private static Failure notSpate(String name, String why) {
        return new Failure("not a Spate node at " + name + " (" + why + ")");
    }

    private static int readInt(InputStream in, Socket socket, long deadline) throws IOException {
        byte[] b = read(in, socket, deadline, Frames.SIZE_PREFIX_BYTES);
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }

    /** Reads exactly n bytes before the deadline: SocketTimeoutException after it, EOFException if the peer closes. */
    private static byte[] read(InputStream in, Socket socket, long deadline, int n) throws IOException {
        byte[] out = new byte[n];
        int off = 0;
        while (off < n) {
            long leftMs = (deadline - System.nanoTime()) / 1_000_000;
            if (leftMs <= 0) {
                throw new SocketTimeoutException();
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, leftMs));
            int r = in.read(out, off, n - off);
            if (r < 0) {
                throw new EOFException();
            }
            off += r;
        }
        return out;
    }

    private static String reason(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
