package io.tessera.client;

import io.tessera.common.StoragePolicy;
import io.tessera.erasure.ErasureCode;

/** The erasure code of an erasure-coded storage policy: what writers, readers and parity nodes compute. */
public final class PolicyCodes {
    private PolicyCodes() {}

    public static ErasureCode of(StoragePolicy policy) {
        if (!policy.isErasureCoded()) {
            throw new IllegalArgumentException(policy + " is replicated, not erasure-coded");
        }
        return policy.kind() == StoragePolicy.Kind.XOR
                ? ErasureCode.xor(policy.dataBlocks())
                : ErasureCode.reedSolomon(policy.dataBlocks(), policy.redundantBlocks());
    }
}
