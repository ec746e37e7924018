package io.spate.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.spate.protocol.ApiKey;
import io.spate.protocol.Frames;
import io.spate.protocol.Message;
import io.spate.protocol.RequestHeader;
import io.spate.protocol.ResponseHeader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A deliberately plain, blocking native-protocol connection for tests: it writes exactly the bytes
 * it is told to (so tests can send garbage) and reads whole response frames. Loopback, or a
 * node in a test's own network namespace.
 */
public final class RawConnection implements AutoCloseable {
    /** A decoded response header and the rest of the frame (the body). */
    public record Response(ResponseHeader header, ByteBuf body) {
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private int nextCorrelationId = 1;

    public RawConnection(int port) {
        this(port, null);
    }

    /** A connection whose local end is bound to {@code localAddress} (e.g. 127.0.0.2: another client address on loopback). */
    public RawConnection(int port, String localAddress) {
        this("127.0.0.1", port, localAddress);
    }

    /** A connection to {@code host} (a node in a test's own network namespace, see {@link NetnsLab}). */
    public static RawConnection to(String host, int port) {
        return new RawConnection(host, port, null);
    }

    private RawConnection(String host, int port, String localAddress) {
        try {
            socket = new Socket();
            if (localAddress != null) {
                socket.bind(new InetSocketAddress(localAddress, 0));
            }
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout(30_000);
            in = new DataInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a request and waits for the response with its correlation id. */
    public Response call(ApiKey key, Message body) {
        int id = send(key, (short) 0, body);
        return readResponse(id);
    }

    public int send(ApiKey key, short version, Message body) {
        int id = nextCorrelationId++;
        ByteBuf frame = Frames.encodeRequest(Unpooled.buffer().alloc(), new RequestHeader(key, key.id(), version, id, "test"), body);
        writeAndRelease(frame);
        return id;
    }

    /** Sends a request frame for any api id (known or not). */
    public int sendRaw(short apiKeyId, short version, byte[] body) {
        int id = nextCorrelationId++;
        ByteBuf frame = Unpooled.buffer();
        frame.writeInt(0);
        new RequestHeader(ApiKey.forId(apiKeyId), apiKeyId, version, id, "test").writeTo(frame);
        frame.writeBytes(body);
        frame.setInt(0, frame.readableBytes() - 4);
        writeAndRelease(frame);
        return id;
    }

    public void writeBytes(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeAndRelease(ByteBuf frame) {
        try {
            byte[] bytes = new byte[frame.readableBytes()];
            frame.readBytes(bytes);
            writeBytes(bytes);
        } finally {
            frame.release();
        }
    }

    /**
     * Reads frames until the one answering {@code correlationId}; answers to other requests read
     * on the way (a node may answer out of order) are kept for their own call.
     */
    public Response readResponse(int correlationId) {
        Response early = earlyAnswers.remove(correlationId);
        if (early != null) {
            return early;
        }
        while (true) {
            Response r = readFrame();
            if (r.header().correlationId() == correlationId) {
                return r;
            }
            earlyAnswers.put(r.header().correlationId(), r);
        }
    }

    private final java.util.Map<Integer, Response> earlyAnswers = new java.util.HashMap<>();

    public Response readFrame() {
        try {
            int size = in.readInt();
            byte[] bytes = new byte[size];
            in.readFully(bytes);
            ByteBuf buf = Unpooled.wrappedBuffer(bytes);
            return new Response(ResponseHeader.readFrom(buf), buf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when the peer closed the connection (read returns end of stream) within the timeout. */
    public boolean isClosedByPeer(int timeoutMs) {
        try {
            socket.setSoTimeout(timeoutMs);
            return in.read() == -1;
        } catch (EOFException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // connection reset
        }
    }

    /** True when bytes of a frame have arrived and not been read yet (does not block). */
    public boolean hasPendingFrame() {
        try {
            return in.available() > 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when nothing arrives within {@code timeoutMs}. */
    public boolean isSilentFor(int timeoutMs) {
        try {
            socket.setSoTimeout(timeoutMs);
            in.read(); // a byte or end of stream: either way something happened
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a test socket
        }
    }
}
