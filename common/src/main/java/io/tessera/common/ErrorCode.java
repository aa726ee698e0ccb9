package io.tessera.common;

/**
 * What went wrong, in terms of what the caller should do about it. Codes travel on the wire by their
 * {@link #value()}, which never changes meaning; new codes take new values.
 */
public enum ErrorCode {
    /** A bug or an unexpected state on the other side: report it, do not retry blindly. */
    INTERNAL(1, Reaction.FAIL),
    /** The request is malformed or names something impossible: fix the request. */
    INVALID_ARGUMENT(2, Reaction.FAIL),
    /** The request could not be decoded at all. */
    MALFORMED_REQUEST(3, Reaction.FAIL),
    NOT_FOUND(4, Reaction.FAIL),
    ALREADY_EXISTS(5, Reaction.FAIL),
    /** The parent directory of the path does not exist. */
    PARENT_NOT_FOUND(6, Reaction.FAIL),
    /** A path component is a file where a directory is needed. */
    NOT_A_DIRECTORY(7, Reaction.FAIL),
    /** A directory where a file is needed. */
    IS_A_DIRECTORY(8, Reaction.FAIL),
    DIRECTORY_NOT_EMPTY(9, Reaction.FAIL),
    PERMISSION_DENIED(10, Reaction.FAIL),
    /** Another writer holds the file's lease: wait for it to close or for its lease to expire. */
    LEASE_HELD(11, Reaction.RETRY_LATER),
    /** The cluster has too few live nodes or failure domains for the storage policy. */
    INSUFFICIENT_NODES(12, Reaction.RETRY_LATER),
    /** The node is down, unreachable or shutting down: try another node holding the data. */
    UNAVAILABLE(13, Reaction.RETRY_ELSEWHERE),
    TIMEOUT(14, Reaction.RETRY_ELSEWHERE),
    /** Stored bytes failed their checksum: read them from redundancy and report the block. */
    CORRUPT_BLOCK(15, Reaction.RETRY_ELSEWHERE),
    /** The node does not hold the block asked for. */
    BLOCK_NOT_FOUND(16, Reaction.RETRY_ELSEWHERE),
    /** The node's disk is full. */
    NO_SPACE(17, Reaction.RETRY_ELSEWHERE),
    /** The metadata service has no leader right now. */
    NOT_LEADER(18, Reaction.RETRY_LATER);

    /** How a caller reacts to a code. */
    public enum Reaction {
        /** Retrying the same request cannot help. */
        FAIL,
        /** The same request may succeed later. */
        RETRY_LATER,
        /** Another replica, node or parity path may serve the request now. */
        RETRY_ELSEWHERE
    }

    private final int value;
    private final Reaction reaction;

    ErrorCode(int value, Reaction reaction) {
        this.value = value;
        this.reaction = reaction;
    }

    public int value() {
        return value;
    }

    public Reaction reaction() {
        return reaction;
    }

    /** The code with wire value {@code value}; unknown values (from a newer peer) read as INTERNAL. */
    public static ErrorCode ofValue(int value) {
        for (ErrorCode code : values()) {
            if (code.value == value) {
                return code;
            }
        }
        return INTERNAL;
    }
}
