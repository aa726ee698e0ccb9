package io.tessera.erasure;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API kernel: GF(2^8) multiplication by split-nibble table lookup. For a coefficient
 * {@code c}, {@code c * x == LOW[c][x & 0xF] ^ HIGH[c][x >>> 4]}, and each 16-entry table is one
 * in-register byte shuffle ({@code vpshufb}/{@code vpermb} on x86, {@code tbl} on ARM).
 *
 * <p>Up to four output rows are computed per pass, so each input vector is loaded and split into
 * nibbles once for all of them. Lengths that are not a multiple of the vector width finish in the
 * scalar kernel.
 *
 * <p>This class links against {@code jdk.incubator.vector}; {@link Kernels} loads it only when that
 * module is present.
 */
final class VectorKernel implements ShardKernel {
    private static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final int ROWS_PER_PASS = 4;

    /**
     * For each coefficient {@code c}: {@code LANES} bytes {@code c * x} for the low nibble {@code x}, then
     * {@code LANES} bytes {@code c * (x << 4)} for the high nibble. Lanes 16 and up are never selected.
     */
    private static final byte[] TABLES = new byte[256 * 2 * LANES];

    static {
        for (int c = 0; c < 256; c++) {
            for (int x = 0; x < 16; x++) {
                TABLES[c * 2 * LANES + x] = (byte) GaloisField.multiply(c, x);
                TABLES[c * 2 * LANES + LANES + x] = (byte) GaloisField.multiply(c, x << 4);
            }
        }
    }

    VectorKernel() {
        if (LANES < 16) {
            throw new UnsupportedOperationException("vectors of " + LANES + " bytes cannot hold a nibble table");
        }
    }

    @Override
    public String name() {
        return "vector-" + SPECIES.vectorBitSize();
    }

    @Override
    public void multiply(
            byte[] coefficients,
            byte[][] inputs,
            int inputOffset,
            byte[][] outputs,
            int outputOffset,
            int length,
            boolean accumulate) {
        int vectorLength = length - length % LANES;
        for (int row = 0; row < outputs.length; row += ROWS_PER_PASS) {
            int rows = Math.min(ROWS_PER_PASS, outputs.length - row);
            multiplyRows(coefficients, row, rows, inputs, inputOffset, outputs, outputOffset, vectorLength, accumulate);
        }
        if (vectorLength < length) {
            ScalarKernel.INSTANCE.multiply(
                    coefficients,
                    inputs,
                    inputOffset + vectorLength,
                    outputs,
                    outputOffset + vectorLength,
                    length - vectorLength,
                    accumulate);
        }
    }

    private static void multiplyRows(
            byte[] coefficients,
            int firstRow,
            int rows,
            byte[][] inputs,
            int inputOffset,
            byte[][] outputs,
            int outputOffset,
            int length,
            boolean accumulate) {
        int columns = inputs.length;
        byte[] out0 = outputs[firstRow];
        byte[] out1 = outputs[firstRow + Math.min(1, rows - 1)];
        byte[] out2 = outputs[firstRow + Math.min(2, rows - 1)];
        byte[] out3 = outputs[firstRow + Math.min(3, rows - 1)];
        int row0 = firstRow * columns;
        int row1 = row0 + columns;
        int row2 = row1 + columns;
        int row3 = row2 + columns;
        ByteVector zero = ByteVector.zero(SPECIES);
        for (int i = 0; i < length; i += LANES) {
            int out = outputOffset + i;
            ByteVector acc0 = accumulate ? ByteVector.fromArray(SPECIES, out0, out) : zero;
            ByteVector acc1 = accumulate && rows > 1 ? ByteVector.fromArray(SPECIES, out1, out) : zero;
            ByteVector acc2 = accumulate && rows > 2 ? ByteVector.fromArray(SPECIES, out2, out) : zero;
            ByteVector acc3 = accumulate && rows > 3 ? ByteVector.fromArray(SPECIES, out3, out) : zero;
            for (int c = 0; c < columns; c++) {
                ByteVector data = ByteVector.fromArray(SPECIES, inputs[c], inputOffset + i);
                ByteVector low = data.and((byte) 0x0F);
                ByteVector high = data.lanewise(VectorOperators.LSHR, 4);
                acc0 = acc0.lanewise(VectorOperators.XOR, product(coefficients[row0 + c], data, low, high));
                if (rows > 1) {
                    acc1 = acc1.lanewise(VectorOperators.XOR, product(coefficients[row1 + c], data, low, high));
                }
                if (rows > 2) {
                    acc2 = acc2.lanewise(VectorOperators.XOR, product(coefficients[row2 + c], data, low, high));
                }
                if (rows > 3) {
                    acc3 = acc3.lanewise(VectorOperators.XOR, product(coefficients[row3 + c], data, low, high));
                }
            }
            acc0.intoArray(out0, out);
            if (rows > 1) {
                acc1.intoArray(out1, out);
            }
            if (rows > 2) {
                acc2.intoArray(out2, out);
            }
            if (rows > 3) {
                acc3.intoArray(out3, out);
            }
        }
    }

    private static ByteVector product(byte coefficient, ByteVector data, ByteVector low, ByteVector high) {
        if (coefficient == 1) {
            return data;
        }
        int table = (coefficient & 0xFF) * 2 * LANES;
        ByteVector lowTable = ByteVector.fromArray(SPECIES, TABLES, table);
        ByteVector highTable = ByteVector.fromArray(SPECIES, TABLES, table + LANES);
        return low.selectFrom(lowTable).lanewise(VectorOperators.XOR, high.selectFrom(highTable));
    }
}
