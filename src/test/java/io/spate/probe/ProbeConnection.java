package io.spate.probe;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.spate.protocol.ApiKey;
import io.spate.protocol.Frames;
import io.spate.protocol.Message;
import io.spate.protocol.RequestHeader;
import io.spate.protocol.ResponseHeader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A blocking native-protocol connection for the probes: writes exactly the bytes it is given and
 * reads whole response frames, every read bounded by a timeout. Unlike the tests'
 * {@code RawConnection} it can bind a source address (to spread many connections over
 * 127.0.0.x) and reports failures as {@link IOException}s, which a probe counts instead of dying.
 */
final class ProbeConnection implements AutoCloseable {
    /** A response: its header and the rest of the frame (the body). */
    record Response(ResponseHeader header, ByteBuf body) {
    }

    /** Largest response frame a probe accepts (the Java client's bound). */
    private static final int MAX_RESPONSE_BYTES = 1 << 30;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private int nextCorrelationId = 1;

    private ProbeConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects to 127.0.0.1:{@code port}; reads time out after {@code readTimeoutMs}. */
    static ProbeConnection open(int port, int readTimeoutMs) throws IOException {
        return open(null, port, readTimeoutMs);
    }

    /** As {@link #open(int, int)}, from {@code sourceHost} (a 127.0.0.x address) when not null. */
    static ProbeConnection open(String sourceHost, int port, int readTimeoutMs) throws IOException {
        Socket s = new Socket();
        try {
            if (sourceHost != null) {
                s.bind(new InetSocketAddress(sourceHost, 0));
            }
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(readTimeoutMs);
            return new ProbeConnection(s);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    Socket socket() {
        return socket;
    }

    void setReadTimeout(int ms) throws IOException {
        socket.setSoTimeout(ms);
    }

    /** Sends a version-0 request and reads frames until the one answering it. */
    Response call(ApiKey key, Message body) throws IOException {
        int id = nextCorrelationId++;
        ByteBuf frame = Frames.encodeRequest(Unpooled.buffer().alloc(), new RequestHeader(key, (short) 0, id, "probe"), body);
        try {
            byte[] bytes = new byte[frame.readableBytes()];
            frame.readBytes(bytes);
            write(bytes);
        } finally {
            frame.release();
        }
        for (int skipped = 0; skipped < 1_000; skipped++) {
            Response r = readFrame();
            if (r.header().correlationId() == id) {
                return r;
            }
        }
        throw new IOException("no answer to correlation id " + id + " among 1000 frames");
    }

    /** The next correlation id, for callers that build frames themselves. */
    int nextCorrelationId() {
        return nextCorrelationId++;
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
        out.flush();
    }

    /** Reads one whole response frame (bounded by the read timeout). */
    Response readFrame() throws IOException {
        int size = in.readInt();
        if (size < 0 || size > MAX_RESPONSE_BYTES) {
            throw new IOException("response frame size " + size);
        }
        byte[] bytes = new byte[size];
        in.readFully(bytes);
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        return new Response(ResponseHeader.readFrom(buf), buf);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a probe socket: nothing left to do
        }
    }
}
