package io.tessera.storage;

import io.tessera.common.Sizes;

/**
 * Space of a block store, in bytes. {@code capacity} is the configured limit or the volume's size,
 * whichever is smaller; {@code used} counts the store's own files (finished blocks and the space held by
 * blocks being written); {@code available} is what a new block may still use: the lesser of the room
 * left under the limit and the real free space of the volume, which other tenants also consume.
 */
public record Usage(long capacity, long used, long available) {
    @Override
    public String toString() {
        return Sizes.format(used) + " used of " + Sizes.format(capacity) + ", " + Sizes.format(available)
                + " available";
    }
}
