package io.tessera.erasure;

/**
 * Small dense matrices over GF(2^8), stored row-major in one {@code byte[]}: the coding and decoding
 * matrices. Sizes are at most 255 x 255, so the cubic algorithms here cost microseconds.
 */
final class GaloisMatrix {
    final int rows;
    final int columns;
    final byte[] values;

    GaloisMatrix(int rows, int columns) {
        this(rows, columns, new byte[rows * columns]);
    }

    private GaloisMatrix(int rows, int columns, byte[] values) {
        this.rows = rows;
        this.columns = columns;
        this.values = values;
    }

    static GaloisMatrix identity(int size) {
        GaloisMatrix m = new GaloisMatrix(size, size);
        for (int i = 0; i < size; i++) {
            m.set(i, i, 1);
        }
        return m;
    }

    int get(int row, int column) {
        return values[row * columns + column] & 0xFF;
    }

    void set(int row, int column, int value) {
        values[row * columns + column] = (byte) value;
    }

    /** A new matrix made of the given rows of this one, in the given order. */
    GaloisMatrix selectRows(int[] rowIndexes) {
        GaloisMatrix result = new GaloisMatrix(rowIndexes.length, columns);
        for (int i = 0; i < rowIndexes.length; i++) {
            System.arraycopy(values, rowIndexes[i] * columns, result.values, i * columns, columns);
        }
        return result;
    }

    GaloisMatrix times(GaloisMatrix right) {
        if (columns != right.rows) {
            throw new IllegalArgumentException(
                    "cannot multiply " + rows + "x" + columns + " by " + right.rows + "x" + right.columns);
        }
        GaloisMatrix result = new GaloisMatrix(rows, right.columns);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < right.columns; c++) {
                int sum = 0;
                for (int i = 0; i < columns; i++) {
                    sum ^= GaloisField.multiply(get(r, i), right.get(i, c));
                }
                result.set(r, c, sum);
            }
        }
        return result;
    }

    /** The inverse by Gauss-Jordan elimination; throws when the matrix is singular. */
    GaloisMatrix inverse() {
        if (rows != columns) {
            throw new IllegalArgumentException("only a square matrix has an inverse");
        }
        GaloisMatrix work = new GaloisMatrix(rows, columns, values.clone());
        GaloisMatrix result = identity(rows);
        for (int pivot = 0; pivot < rows; pivot++) {
            int found = pivot;
            while (found < rows && work.get(found, pivot) == 0) {
                found++;
            }
            if (found == rows) {
                throw new ArithmeticException("matrix is singular");
            }
            work.swapRows(pivot, found);
            result.swapRows(pivot, found);
            int scale = GaloisField.inverse(work.get(pivot, pivot));
            work.scaleRow(pivot, scale);
            result.scaleRow(pivot, scale);
            for (int r = 0; r < rows; r++) {
                int factor = work.get(r, pivot);
                if (r != pivot && factor != 0) {
                    work.addScaledRow(r, pivot, factor);
                    result.addScaledRow(r, pivot, factor);
                }
            }
        }
        return result;
    }

    private void swapRows(int a, int b) {
        if (a == b) {
            return;
        }
        byte[] tmp = new byte[columns];
        System.arraycopy(values, a * columns, tmp, 0, columns);
        System.arraycopy(values, b * columns, values, a * columns, columns);
        System.arraycopy(tmp, 0, values, b * columns, columns);
    }

    private void scaleRow(int row, int factor) {
        for (int c = 0; c < columns; c++) {
            set(row, c, GaloisField.multiply(get(row, c), factor));
        }
    }

    /** row[target] += factor * row[source] */
    private void addScaledRow(int target, int source, int factor) {
        for (int c = 0; c < columns; c++) {
            set(target, c, get(target, c) ^ GaloisField.multiply(get(source, c), factor));
        }
    }
}
