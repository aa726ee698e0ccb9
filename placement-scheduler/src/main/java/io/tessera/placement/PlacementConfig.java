package io.tessera.placement;

/**
 * How placement treats nodes, validated once when created.
 *
 * @param minFreeBytes a node with less free space than this is full and takes no new block; one block
 *     size is the natural choice, so that a chosen node can hold the whole block
 */
public record PlacementConfig(long minFreeBytes) {
    /** One default-sized block (128 MiB) must fit. */
    public static final PlacementConfig DEFAULT = new PlacementConfig(128L << 20);

    public PlacementConfig {
        if (minFreeBytes < 0) {
            throw new IllegalArgumentException("minimum free bytes must not be negative: " + minFreeBytes);
        }
    }
}
