package io.tessera.erasure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

class KernelEquivalenceTest {
    private static final long SEED = Long.getLong("tessera.test.seed", System.nanoTime());
    private static final ShardKernel VECTOR = Kernels.vector();

    @RepeatedTest(200)
    void shouldProduceIdenticalBytesWithVectorAndScalarKernels(RepetitionInfo repetition) {
        Random random = new Random(SEED + repetition.getCurrentRepetition());
        int inputs = 1 + random.nextInt(12);
        int outputs = 1 + random.nextInt(9);
        byte[] coefficients = new byte[inputs * outputs];
        random.nextBytes(coefficients);
        if (random.nextBoolean()) {
            coefficients[0] = 1;
            coefficients[coefficients.length - 1] = 0;
        }
        int length = random.nextInt(3) == 0 ? random.nextInt(70) : random.nextInt(40_000);
        int inputOffset = random.nextInt(100);
        int outputOffset = random.nextInt(100);
        byte[][] in = Shards.random(random, inputs, inputOffset + length + random.nextInt(100));
        byte[][] scalar = Shards.random(random, outputs, outputOffset + length + random.nextInt(100));
        byte[][] vector = Shards.copy(scalar);
        boolean accumulate = random.nextBoolean();

        ScalarKernel.INSTANCE.multiply(coefficients, in, inputOffset, scalar, outputOffset, length, accumulate);
        VECTOR.multiply(coefficients, in, inputOffset, vector, outputOffset, length, accumulate);

        for (int r = 0; r < outputs; r++) {
            assertArrayEquals(
                    scalar[r],
                    vector[r],
                    "row " + r + ", seed " + SEED + ", " + inputs + "x" + outputs + ", length " + length
                            + ", accumulate " + accumulate);
        }
    }
}
