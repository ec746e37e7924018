package io.spate.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 in front of one node that loses answers the way a network does: every
 * {@code every}-th response frame the node sends (frames are an int32 size and that many bytes) is
 * not passed on; instead both connections are closed. The request it answered has been served by
 * then (a produce written), so a client that retries it sends it a second time: exactly the case
 * an idempotent producer must not duplicate. Threads: two per connection (plain blocking sockets:
 * a test tool, not a server).
 */
public final class ResponseDroppingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int upstreamPort;
    private final int every;
    private final AtomicInteger frames = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /** Listens on an ephemeral port of 127.0.0.1; forwards to 127.0.0.1:{@code upstreamPort}. */
    public ResponseDroppingProxy(int upstreamPort, int every) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.upstreamPort = upstreamPort;
        this.every = every;
        Thread acceptor = new Thread(this::accept, "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** How many response frames were lost on purpose so far. */
    public int dropped() {
        return dropped.get();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket node = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                open.add(client);
                open.add(node);
                start("proxy-up", () -> pipe(client.getInputStream(), node.getOutputStream(), client, node));
                start("proxy-down", () -> frames(new DataInputStream(node.getInputStream()), client.getOutputStream(),
                        client, node));
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("proxy: " + e);
                }
            }
        }
    }

    private interface Io {
        void run() throws IOException;
    }

    private static void start(String name, Io io) {
        Thread t = new Thread(() -> {
            try {
                io.run();
            } catch (IOException ignored) {
                // a side closed: the other is closed by the pipe's finally
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    private void pipe(InputStream in, OutputStream out, Socket a, Socket b) throws IOException {
        try {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
            }
        } finally {
            closeBoth(a, b);
        }
    }

    private void frames(DataInputStream in, OutputStream out, Socket a, Socket b) throws IOException {
        try {
            while (true) {
                int size = in.readInt();
                byte[] body = in.readNBytes(size);
                if (body.length < size) {
                    return;
                }
                if (frames.incrementAndGet() % every == 0) {
                    dropped.incrementAndGet();
                    return; // served, but its answer is lost: the finally cuts both connections
                }
                out.write(new byte[] {(byte) (size >>> 24), (byte) (size >>> 16), (byte) (size >>> 8), (byte) size});
                out.write(body);
                out.flush();
            }
        } finally {
            closeBoth(a, b);
        }
    }

    private void closeBoth(Socket a, Socket b) {
        quietly(a);
        quietly(b);
        open.remove(a);
        open.remove(b);
    }

    private static void quietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        open.forEach(ResponseDroppingProxy::quietly);
    }
}
