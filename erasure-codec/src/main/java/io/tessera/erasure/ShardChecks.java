package io.tessera.erasure;

import java.nio.ByteBuffer;

/** Argument checks shared by every coding call, with messages that say what was wrong. */
final class ShardChecks {
    private ShardChecks() {}

    static int commonLength(Object[] shards, int count, String what) {
        return commonLength(shards, count, what, false);
    }

    /** The length all non-null shards share; refuses a wrong count, differing lengths or no shard at all. */
    static int commonLength(Object[] shards, int count, String what, boolean nullsAllowed) {
        if (shards == null) {
            throw new IllegalArgumentException(what + " shards are null");
        }
        if (shards.length != count) {
            throw new IllegalArgumentException("expected " + count + " " + what + " shards, got " + shards.length);
        }
        int length = -1;
        int first = -1;
        for (int i = 0; i < shards.length; i++) {
            if (shards[i] == null) {
                if (!nullsAllowed) {
                    throw new IllegalArgumentException(what + " shard " + i + " is null");
                }
                continue;
            }
            int shardLength = length(shards[i]);
            if (length < 0) {
                length = shardLength;
                first = i;
            } else if (shardLength != length) {
                throw new IllegalArgumentException("shard lengths differ: " + what + " shard " + i + " has "
                        + shardLength + " bytes, shard " + first + " has " + length);
            }
        }
        if (length < 0) {
            throw new IllegalArgumentException("no " + what + " shards given");
        }
        return length;
    }

    static void sameLength(Object[] shards, int count, String what, int expected) {
        int length = commonLength(shards, count, what);
        if (length != expected) {
            throw new IllegalArgumentException(
                    "shard lengths differ: " + what + " shards have " + length + " bytes, data shards " + expected);
        }
        for (int i = 0; i < shards.length; i++) {
            if (shards[i] instanceof ByteBuffer && ((ByteBuffer) shards[i]).isReadOnly()) {
                throw new IllegalArgumentException(what + " shard " + i + " is read-only");
            }
        }
    }

    static void range(int offset, int length, int shardLength) {
        if (offset < 0 || length < 0 || offset > shardLength - length) {
            throw new IllegalArgumentException("range [" + offset + ", " + ((long) offset + length)
                    + ") is outside shards of " + shardLength + " bytes");
        }
    }

    private static int length(Object shard) {
        return shard instanceof byte[] ? ((byte[]) shard).length : ((ByteBuffer) shard).limit();
    }
}
