package io.spate.broker.wire;

import io.spate.protocol.Message;

/**
 * What a request handler answers: a response body to encode, or a {@link FetchReply} whose records
 * are sent from the segment files, or nothing (a null body with no fetch: produce with acks=0).
 * Holds no buffers, so a reply that is never written needs no release.
 */
record Reply(Message body, FetchReply fetch) {
    static Reply of(Message body) {
        return new Reply(body, null);
    }

    static Reply of(FetchReply fetch) {
        return new Reply(null, fetch);
    }

    static final Reply NONE = new Reply(null, null);
}
