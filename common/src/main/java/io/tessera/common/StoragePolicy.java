package io.tessera.common;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * How a file's blocks are protected: {@code n} replicas of every block, or {@code k} data blocks plus
 * {@code m} parity blocks per block group. The set is closed (SPEC.md lists it); {@link #id()} is stored
 * on disk and on the wire and never changes meaning.
 */
public final class StoragePolicy {
    public static final StoragePolicy REPLICATED_1 = replicated(1, 1);
    public static final StoragePolicy REPLICATED_2 = replicated(2, 2);
    public static final StoragePolicy REPLICATED_3 = replicated(3, 3);
    public static final StoragePolicy XOR_2_1 = new StoragePolicy(10, "XOR-2-1", Kind.XOR, 2, 1);
    public static final StoragePolicy RS_3_2 = reedSolomon(20, 3, 2);
    public static final StoragePolicy RS_6_3 = reedSolomon(21, 6, 3);
    public static final StoragePolicy RS_10_4 = reedSolomon(22, 10, 4);

    /** Every policy, in the order users see them listed. */
    public static final List<StoragePolicy> ALL =
            List.of(REPLICATED_1, REPLICATED_2, REPLICATED_3, XOR_2_1, RS_3_2, RS_6_3, RS_10_4);

    /** Replicated: every block has {@code replicas} copies. Erasure-coded: parity from data blocks. */
    public enum Kind {
        REPLICATED,
        XOR,
        REED_SOLOMON
    }

    private final int id;
    private final String name;
    private final Kind kind;
    private final int dataBlocks;
    private final int redundantBlocks;

    private StoragePolicy(int id, String name, Kind kind, int dataBlocks, int redundantBlocks) {
        this.id = id;
        this.name = name;
        this.kind = kind;
        this.dataBlocks = dataBlocks;
        this.redundantBlocks = redundantBlocks;
    }

    private static StoragePolicy replicated(int id, int replicas) {
        return new StoragePolicy(id, "REPLICATED-" + replicas, Kind.REPLICATED, 1, replicas - 1);
    }

    private static StoragePolicy reedSolomon(int id, int k, int m) {
        return new StoragePolicy(id, "RS-" + k + "-" + m, Kind.REED_SOLOMON, k, m);
    }

    /** The policy named {@code name} (case-insensitive), or a clear refusal listing the known ones. */
    public static StoragePolicy parse(String name) {
        Objects.requireNonNull(name, "policy name");
        String wanted = name.trim().toUpperCase(Locale.ROOT);
        for (StoragePolicy policy : ALL) {
            if (policy.name.equals(wanted)) {
                return policy;
            }
        }
        throw new TesseraException(
                ErrorCode.INVALID_ARGUMENT, "unknown storage policy '" + name + "'; known policies: " + names());
    }

    /** The policy with the stored {@code id}. */
    public static StoragePolicy ofId(int id) {
        for (StoragePolicy policy : ALL) {
            if (policy.id == id) {
                return policy;
            }
        }
        throw new TesseraException(ErrorCode.INVALID_ARGUMENT, "unknown storage policy id " + id);
    }

    private static String names() {
        return ALL.stream().map(StoragePolicy::name).collect(Collectors.joining(", "));
    }

    public int id() {
        return id;
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    public boolean isErasureCoded() {
        return kind != Kind.REPLICATED;
    }

    /** {@code k}: data blocks per group; 1 for replicated policies. */
    public int dataBlocks() {
        return dataBlocks;
    }

    /** {@code m} parity blocks per group, or the extra copies ({@code n - 1}) of a replicated block. */
    public int redundantBlocks() {
        return redundantBlocks;
    }

    /** Replicas of each block: {@code n} for {@code REPLICATED-n}, 1 for erasure-coded policies. */
    public int replicas() {
        return kind == Kind.REPLICATED ? redundantBlocks + 1 : 1;
    }

    /**
     * Blocks of a full group, each on its own node: {@code k + m}, or {@code n} copies. Also the number
     * of distinct nodes (and, ideally, failure domains) a group needs.
     */
    public int width() {
        return dataBlocks + redundantBlocks;
    }

    /** How many nodes of a group may be lost with every byte still readable. */
    public int toleratedFailures() {
        return redundantBlocks;
    }

    @Override
    public String toString() {
        return name;
    }
}
