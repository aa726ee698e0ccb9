package io.tessera.erasure;

/**
 * The one hot loop of erasure coding: a small coefficient matrix times a set of equally long shard
 * ranges. Encoding, decoding and streaming parity all reduce to it.
 *
 * <p>For every output row {@code r} and byte {@code i} in {@code [0, length)}:
 *
 * <pre>
 * outputs[r][outputOffset + i] (= or ^=) XOR over c of coefficients[r * inputs.length + c] * inputs[c][inputOffset + i]
 * </pre>
 *
 * with {@code ^=} when {@code accumulate} is true. Implementations are stateless and thread-safe;
 * arguments are validated by the caller.
 */
interface ShardKernel {
    void multiply(
            byte[] coefficients,
            byte[][] inputs,
            int inputOffset,
            byte[][] outputs,
            int outputOffset,
            int length,
            boolean accumulate);

    /** A short name for reports and benchmarks. */
    String name();
}
