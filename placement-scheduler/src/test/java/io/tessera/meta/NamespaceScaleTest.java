package io.tessera.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.StoragePolicy;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Many files in memory and through a snapshot. 100,000 by default to keep the suite fast; {@code
 * -Dtessera.namespace.scaleFiles=1000000} for the million (measured: about 330 bytes of heap a file with
 * one replicated group, 135 bytes of snapshot, seconds each way).
 */
class NamespaceScaleTest {
    private static final int FILES = Integer.getInteger("tessera.namespace.scaleFiles", 100_000);
    private static final int FILES_PER_DIRECTORY = 1000;

    @Test
    void shouldHoldAndSnapshotManyFilesInSeconds() throws IOException {
        NamespaceState state = Writes.newState();
        long start = System.nanoTime();
        for (int n = 0; n < FILES; n++) {
            writeSmallFile(state, "/warehouse/d" + n / FILES_PER_DIRECTORY + "/part-" + n % FILES_PER_DIRECTORY, n);
        }
        long built = System.nanoTime();
        byte[] snapshot = snapshot(state);
        long written = System.nanoTime();
        NamespaceState restored = restore(snapshot);
        long read = System.nanoTime();

        System.out.printf(
                "%,d files: build %d ms, snapshot %d ms (%d MiB), restore %d ms%n",
                FILES, millis(built - start), millis(written - built), snapshot.length >> 20, millis(read - written));
        int directories = (FILES + FILES_PER_DIRECTORY - 1) / FILES_PER_DIRECTORY;
        assertEquals(new NamespaceTotals(FILES, directories + 2, FILES), restored.totals());
        String lastDirectory = "/warehouse/d" + (directories - 1);
        assertEquals(
                state.namespace().listStatus(lastDirectory, "part-5", 10),
                restored.namespace().listStatus(lastDirectory, "part-5", 10));
        assertEquals(
                state.blocks().locate("/warehouse/d0/part-7", 0, 1),
                restored.blocks().locate("/warehouse/d0/part-7", 0, 1));
        assertTrue(millis(read - start) < 30_000, "should take seconds");
    }

    private static void writeSmallFile(NamespaceState state, String path, int n) {
        long id = state.namespace()
                .create(path, "etl", "writer", 0644, StoragePolicy.REPLICATED_3, 0, false, true, n)
                .fileId();
        int node = n % 100;
        GroupAllocated group = state.writes().allocateGroup(id, "writer", 0, new int[] {node, node + 1, node + 2}, n);
        state.writes()
                .commitGroup(
                        id,
                        "writer",
                        group.blockGroup(),
                        List.of(
                                new BlockLocation(0, node, 1000, n),
                                new BlockLocation(0, node + 1, 1000, n),
                                new BlockLocation(0, node + 2, 1000, n)));
        state.writes().closeFile(id, "writer", 1000, n);
    }

    private static byte[] snapshot(NamespaceState state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(bytes, 1 << 16))) {
            state.writeTo(out);
        }
        return bytes.toByteArray();
    }

    private static NamespaceState restore(byte[] snapshot) throws IOException {
        try (DataInputStream in =
                new DataInputStream(new BufferedInputStream(new ByteArrayInputStream(snapshot), 1 << 16))) {
            return NamespaceState.readFrom(in, Writes.CONFIG);
        }
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
