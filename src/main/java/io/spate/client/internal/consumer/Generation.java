package io.spate.client.internal.consumer;

/**
 * A group member's place in its group (internal): the generation it joined, the member id the
 * coordinator gave it, and the protocol (assignor) of that generation. Immutable; the coordinator
 * replaces it as a whole, so a reader on another thread sees one consistent triple.
 */
record Generation(int generationId, String memberId, String protocolName) {
    /** No generation and no member id: before the first join, and after a reset. */
    static final Generation NO_GENERATION = new Generation(-1, "", null);

    boolean isValid() {
        return generationId >= 0 && !memberId.isEmpty();
    }

    /** The same member id (kept across an ILLEGAL_GENERATION), no generation. */
    Generation withoutGeneration() {
        return new Generation(-1, memberId, null);
    }
}
