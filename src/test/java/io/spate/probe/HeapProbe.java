package io.spate.probe;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;

/**
 * The heap probe: {@code connections} connections each announce a large frame and send only part of
 * it, in big writes or in one-byte TCP segments (TCP_NODELAY), then hold. Prints, every few
 * seconds and at the end, the bytes sent, the node's RSS and heap, whether it is alive and whether
 * it answers; then closes the connections and asks again. Bounded by {@code --max-seconds} and by
 * {@code --max-total-bytes}.
 */
@CommandLine.Command(name = "heap", mixinStandardHelpOptions = true,
        description = "many partly sent large frames: does the node bound what it buffers?")
final class HeapProbe implements Callable<Integer> {
    @CommandLine.Mixin
    ProbeMain.Target target;

    @CommandLine.Option(names = "--connections", defaultValue = "70")
    int connections;

    @CommandLine.Option(names = "--announce-bytes", defaultValue = "104857600",
            description = "the frame size each connection announces (socket.request.max.bytes by default)")
    int announceBytes;

    @CommandLine.Option(names = "--send-bytes", defaultValue = "-1",
            description = "bytes of the frame each connection sends (default: all but the last one)")
    long sendBytes;

    @CommandLine.Option(names = "--one-byte-segments", description = "write one byte per TCP segment (TCP_NODELAY)")
    boolean oneByteSegments;

    @CommandLine.Option(names = "--max-seconds", defaultValue = "90", description = "bound on sending and holding")
    int maxSeconds;

    @CommandLine.Option(names = "--hold-seconds", defaultValue = "10", description = "hold after sending, before the checks")
    int holdSeconds;

    @CommandLine.Option(names = "--max-total-bytes", defaultValue = "8589934592", description = "bound on all bytes sent")
    long maxTotalBytes;

    @Override
    public Integer call() throws Exception {
        NodeStats stats = target.stats();
        long perConnection = sendBytes < 0 ? announceBytes - 1L : Math.min(sendBytes, announceBytes - 1L);
        ProbeMain.figure("plan", String.format("%d connections x frame of %,d bytes announced, %,d sent each, %s",
                connections, announceBytes, perConnection, oneByteSegments ? "one byte per segment" : "64 KiB writes"));
        ProbeMain.figure("before", stats.summary() + " heap: " + stats.heapInfo());
        long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
        AtomicLong sent = new AtomicLong();
        List<ProbeConnection> open = new ArrayList<>();
        List<Thread> senders = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                ProbeConnection c = ProbeConnection.open(target.port, 5_000);
                open.add(c);
                Thread t = new Thread(() -> send(c, perConnection, sent, deadline), "heap-sender-" + i);
                t.setDaemon(true);
                senders.add(t);
                t.start();
            }
            long started = System.nanoTime();
            long lastSent = -1;
            int stalled = 0;
            // stop sending once every sender is done, or nothing moved for three rounds (the node stopped reading)
            while (System.nanoTime() < deadline && senders.stream().anyMatch(Thread::isAlive) && stalled < 3) {
                Thread.sleep(5_000);
                stalled = sent.get() == lastSent ? stalled + 1 : 0;
                lastSent = sent.get();
                ProbeMain.figure(String.format("t=%3ds", (System.nanoTime() - started) / 1_000_000_000L),
                        String.format("sent %,d bytes; %s; heap: %s", sent.get(), stats.summary(), stats.heapInfo()));
            }
            long holdUntil = Math.min(deadline, System.nanoTime() + holdSeconds * 1_000_000_000L);
            while (System.nanoTime() < holdUntil) {
                Thread.sleep(500);
            }
            ProbeMain.figure("held", String.format("sent %,d bytes in all (%d senders still blocked)", sent.get(),
                    senders.stream().filter(Thread::isAlive).count()));
            ProbeMain.figure("while held", stats.summary() + " heap: " + stats.heapInfo());
            ProbeMain.figure("node answers while held", ProbeData.answers(target.port, 5_000));
        } finally {
            open.forEach(ProbeConnection::close);
        }
        Thread.sleep(3_000);
        String after = ProbeData.answers(target.port, 5_000);
        ProbeMain.figure("after closing the connections", stats.summary() + " heap: " + stats.heapInfo());
        ProbeMain.figure("node answers after closing", after);
        return "ok".equals(after) ? 0 : 1;
    }

    private void send(ProbeConnection c, long bytes, AtomicLong sent, long deadline) {
        try {
            OutputStream out = c.socket().getOutputStream();
            byte[] prefix = {(byte) (announceBytes >>> 24), (byte) (announceBytes >>> 16), (byte) (announceBytes >>> 8),
                    (byte) announceBytes};
            out.write(prefix);
            byte[] chunk = new byte[oneByteSegments ? 1 : 64 * 1024];
            // the frame's first bytes are a plausible header (Produce v0), the rest zeros
            byte[] header = {0, 0, 0, 0, 0, 0, 0, 1, -1, -1};
            long left = bytes;
            for (int i = 0; i < header.length && left > 0; i++, left--) {
                out.write(header[i]);
                out.flush();
            }
            while (left > 0 && System.nanoTime() < deadline && sent.get() < maxTotalBytes) {
                int n = (int) Math.min(chunk.length, left);
                out.write(chunk, 0, n);
                out.flush();
                left -= n;
                sent.addAndGet(n);
            }
        } catch (IOException e) {
            // the node closed the connection or the probe is closing it: either way this sender is done
        }
    }
}
