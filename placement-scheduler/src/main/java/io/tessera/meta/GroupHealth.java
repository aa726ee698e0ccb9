package io.tessera.meta;

/**
 * How well a committed block group survives, the words {@code tessera admin fsck} ends its report with.
 * Declared from best to worst.
 */
enum GroupHealth {
    /** Every block is present on a live node. */
    HEALTHY(0),
    /** Some blocks are lost, yet enough remain to read every byte: redundancy is reduced. */
    DEGRADED(1),
    /** Too few blocks remain to read the data. */
    MISSING(2);

    private final int code;

    GroupHealth(int code) {
        this.code = code;
    }

    /** The value the {@code FsckReport} message carries. */
    int code() {
        return code;
    }
}
