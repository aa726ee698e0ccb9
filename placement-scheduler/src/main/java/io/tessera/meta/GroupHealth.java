package io.tessera.meta;

/** How well a committed block group survives, the words {@code tessera admin fsck} ends its report with. */
enum GroupHealth {
    /** Every block is present on a live node. */
    HEALTHY,
    /** Some blocks are lost, yet enough remain to read every byte: redundancy is reduced. */
    DEGRADED,
    /** Too few blocks remain to read the data. */
    MISSING;

    /** The worse of two. */
    GroupHealth and(GroupHealth other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
