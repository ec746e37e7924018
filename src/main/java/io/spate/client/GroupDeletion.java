package io.spate.client;

import io.spate.protocol.ErrorCode;
import io.spate.protocol.SpateException;

/**
 * The outcome of deleting one group: {@link ErrorCode#NONE}, or why it was refused
 * ({@link ErrorCode#NON_EMPTY_GROUP} while it has members, {@link ErrorCode#GROUP_ID_NOT_FOUND} for
 * an unknown group, ...).
 *
 * @param errorMessage the coordinator's message, or null
 */
public record GroupDeletion(String groupId, ErrorCode error, String errorMessage) {
    /** True when the group and its offsets are gone. */
    public boolean deleted() {
        return error == ErrorCode.NONE;
    }

    /** The refusal as an exception naming the group, or null when {@link #deleted()}. */
    public SpateException exception() {
        if (deleted()) {
            return null;
        }
        return new SpateException(error, "cannot delete group '" + groupId + "': "
                + (errorMessage != null ? errorMessage : error.message()));
    }
}
