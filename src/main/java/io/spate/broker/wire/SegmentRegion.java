package io.spate.broker.wire;

import io.netty.channel.DefaultFileRegion;
import java.nio.channels.FileChannel;

/**
 * A Netty file region over part of a segment file that the log owns: sent with {@code sendfile}
 * (zero copy) by the transport, and — unlike {@link DefaultFileRegion} — releasing it does not
 * close the channel, which stays the segment's.
 *
 * <p>If the segment is deleted while the region waits in a socket's outbound buffer, the log keeps
 * the file open for {@code file.delete.delay.ms}; past that the transfer fails with a closed
 * channel, the transport closes the connection (a frame cut short cannot be mended) and the client
 * fetches again from its position.
 */
public final class SegmentRegion extends DefaultFileRegion {
    public SegmentRegion(FileChannel channel, long position, long count) {
        super(channel, position, count);
    }

    @Override
    protected void deallocate() {
        // the channel belongs to the segment: it is closed when the segment is, not here
    }
}
