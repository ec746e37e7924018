package io.spate.group;

/**
 * A committed offset as stored: offset, leader epoch (-1 unknown), metadata and the coordinator's
 * clock when the commit was appended. {@link #NONE} stands for "no offset committed".
 */
public record StoredOffset(long offset, int leaderEpoch, String metadata, long commitTimestamp) {
    public static final StoredOffset NONE = new StoredOffset(-1L, -1, "", -1L);
}
