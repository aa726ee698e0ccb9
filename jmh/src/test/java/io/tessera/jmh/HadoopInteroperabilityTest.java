package io.tessera.jmh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.tessera.erasure.ErasureCode;
import java.io.IOException;
import java.util.Random;
import org.apache.hadoop.io.erasurecode.ErasureCoderOptions;
import org.apache.hadoop.io.erasurecode.rawcoder.RSRawDecoder;
import org.apache.hadoop.io.erasurecode.rawcoder.RSRawEncoder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The benchmark compares like with like only if both coders compute the same code: Tessera's Cauchy
 * Reed-Solomon parity must equal Hadoop's byte for byte, and each must decode the other's shards.
 */
class HadoopInteroperabilityTest {
    @ParameterizedTest(name = "RS-{0}-{1}, {2}")
    @CsvSource({"3,2,vector", "6,3,vector", "10,4,vector", "6,3,scalar", "10,4,scalar"})
    void shouldEncodeAndDecodeExactlyAsHadoopsCoder(int k, int m, String kernel) throws IOException {
        Random random = new Random(k * 31L + m);
        int length = 65_536 + 77;
        byte[][] data = new byte[k][length];
        for (byte[] shard : data) {
            random.nextBytes(shard);
        }
        ErasureCode tessera = ErasureCode.reedSolomon(k, m).withKernel(kernel);
        byte[][] ours = new byte[m][length];
        tessera.encode(data, ours);
        byte[][] theirs = new byte[m][length];
        ErasureCoderOptions options = new ErasureCoderOptions(k, m);
        new RSRawEncoder(options).encode(data, theirs);
        for (int p = 0; p < m; p++) {
            assertArrayEquals(theirs[p], ours[p], "parity " + p);
        }

        // Hadoop rebuilds data shard 0 and the last parity shard from Tessera's parity.
        byte[][] inputs = new byte[k + m][];
        for (int i = 1; i < k; i++) {
            inputs[i] = data[i];
        }
        for (int p = 0; p < m - 1; p++) {
            inputs[k + p] = ours[p];
        }
        byte[][] rebuilt = new byte[2][length];
        new RSRawDecoder(options).decode(inputs, new int[] {0, k + m - 1}, rebuilt);
        assertArrayEquals(data[0], rebuilt[0]);
        assertArrayEquals(ours[m - 1], rebuilt[1]);
    }
}
