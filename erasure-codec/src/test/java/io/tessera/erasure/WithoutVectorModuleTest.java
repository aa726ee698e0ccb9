package io.tessera.erasure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Runs in its own JVM started without {@code --add-modules jdk.incubator.vector} (see the pom). */
class WithoutVectorModuleTest {
    @Test
    void shouldFallBackToTheScalarKernelAndStillCode() {
        assertFalse(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "this JVM must lack the module");
        ErasureCode code = ErasureCode.reedSolomon(6, 3);
        assertEquals("scalar", code.kernelName());

        byte[][] original = Shards.encoded(code, Shards.random(new Random(1), 6, 100_003));
        byte[][] damaged = Shards.copy(original);
        damaged[0] = new byte[100_003];
        damaged[4] = new byte[100_003];
        damaged[7] = new byte[100_003];
        code.decode(damaged, new int[] {0, 4, 7});
        assertArrayEquals(original[0], damaged[0]);
        assertArrayEquals(original[4], damaged[4]);
        assertArrayEquals(original[7], damaged[7]);
    }

    @Test
    void shouldSayWhyTheVectorKernelCannotRun() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> Kernels.select("vector"));
        assertTrue(refused.getMessage().contains("--add-modules jdk.incubator.vector"), refused.getMessage());
    }
}
