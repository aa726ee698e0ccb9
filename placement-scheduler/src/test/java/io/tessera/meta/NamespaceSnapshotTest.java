package io.tessera.meta;

import static io.tessera.meta.Writes.BLOCK;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.StoragePolicy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NamespaceSnapshotTest {
    private static final long LIMIT = Writes.CONFIG.leaseLimitMillis();

    @Test
    void shouldMatchTheReferenceModelThroughThousandsOfRandomOperations() {
        for (long seed = 1; seed <= 5; seed++) {
            NamespaceState state = Writes.newState();
            ReferenceModel model = new ReferenceModel(LIMIT);

            new RandomOperations(state, model, seed, 0).run(3000);

            assertEquals(model.entries(), RandomOperations.dump(state), "seed " + seed);
            assertEquals(countByWalking(state), state.totals(), "seed " + seed);
        }
    }

    @Test
    void shouldRestoreARandomTreeExactly() throws IOException {
        NamespaceState state = Writes.newState();
        new RandomOperations(state, null, 42, 0).run(4000);

        byte[] snapshot = snapshot(state);
        NamespaceState restored = restore(snapshot);

        assertArrayEquals(snapshot, snapshot(restored));
        assertEquals(RandomOperations.dump(state), RandomOperations.dump(restored));
        assertEquals(everything(state), everything(restored));
        assertTrue(RandomOperations.dump(state).size() > 20, "the random tree is not trivial");
    }

    @Test
    void shouldGiveIdenticalSnapshotsForTheSameOperations() throws IOException {
        NamespaceState one = Writes.newState();
        NamespaceState two = Writes.newState();

        new RandomOperations(one, null, 7, 0).run(3000);
        new RandomOperations(two, null, 7, 0).run(3000);

        assertArrayEquals(snapshot(one), snapshot(two));
    }

    @Test
    void shouldContinueFromARestoredStateAsFromTheOriginal() throws IOException {
        NamespaceState original = Writes.newState();
        long now = runAndTime(original, 11, 0, 2000);
        NamespaceState restored = restore(snapshot(original));

        runAndTime(original, 12, now, 2000);
        runAndTime(restored, 12, now, 2000);

        assertArrayEquals(snapshot(original), snapshot(restored));
    }

    @Test
    void shouldRestoreLeasesGroupsInFlightAndDegradedGroups() throws IOException {
        NamespaceState state = Writes.newState();
        state.namespace().mkdirs("/ec", "owner", 0700, 1);
        state.namespace().setPolicy("/ec", StoragePolicy.RS_6_3);
        state.namespace().setBlockSize("/ec", 2 * BLOCK);
        long id = Writes.create(state, "/ec/f", "writer", 2).fileId();
        GroupAllocated group = state.writes().allocateGroup(id, "writer", 0, Writes.nodes(StoragePolicy.RS_6_3, 0), 3);
        List<BlockLocation> blocks = Writes.blocks(StoragePolicy.RS_6_3, 2 * BLOCK, 12 * BLOCK, group);
        state.writes().commitGroup(id, "writer", group.blockGroup(), blocks.subList(0, 7));
        state.writes().allocateGroup(id, "writer", 1, Writes.nodes(StoragePolicy.RS_6_3, 1), 4);

        NamespaceState restored = restore(snapshot(state));

        assertEquals(everything(state), everything(restored));
        assertEquals(state.writes().openFile(id), restored.writes().openFile(id));
        assertEquals(4 + LIMIT, restored.writes().leaseExpiry("writer"));
        assertEquals(List.of(), restored.writes().expireLeases(4 + LIMIT));
        RecoveredFile recovered = restored.writes().expireLeases(5 + LIMIT).get(0);
        assertEquals(12 * BLOCK, recovered.length());
        assertEquals(1, recovered.dropped().size());
        GroupAllocated next = restored.writes()
                .allocateGroup(Writes.create(restored, "/g", "w", 6).fileId(), "w", 0, new int[] {1, 2, 3}, 6);
        assertEquals(group.blockGroup() + 2, next.blockGroup());
    }

    @Test
    void shouldRefuseWhatIsNotASnapshot() throws IOException {
        byte[] snapshot = snapshot(Writes.newState());
        byte[] badMagic = snapshot.clone();
        badMagic[0] ^= 1;
        byte[] badVersion = snapshot.clone();
        badVersion[7] = 9;
        byte[] truncated = java.util.Arrays.copyOf(snapshot, snapshot.length - 2);

        assertThrows(IOException.class, () -> restore(badMagic));
        assertThrows(IOException.class, () -> restore(badVersion));
        assertThrows(EOFException.class, () -> restore(truncated));
    }

    /** Totals the slow way, to hold the counters kept along the way against. */
    private static NamespaceTotals countByWalking(NamespaceState state) {
        long[] counts = new long[3];
        TreeWalk.preOrder(state.root, inode -> {
            if (inode instanceof FileInode file) {
                counts[0]++;
                counts[2] += file.groups.length;
                for (BlockGroup group : file.groups) {
                    assertEquals(file, state.groupIndex.file(group.id));
                }
            } else {
                counts[1]++;
            }
        });
        return new NamespaceTotals(counts[0], counts[1], counts[2]);
    }

    private static long runAndTime(NamespaceState state, long seed, long start, int operations) {
        RandomOperations random = new RandomOperations(state, null, seed, start);
        random.run(operations);
        return random.now();
    }

    /** Every status, listing, location and health the state answers with, as one comparable value. */
    static List<Object> everything(NamespaceState state) {
        List<Object> answers = new ArrayList<>();
        TreeWalk.preOrder(state.root, inode -> {
            String path = inode.path();
            answers.add(state.namespace().getFileStatus(path));
            answers.add(state.namespace().contentSummary(path));
            if (inode instanceof DirectoryInode) {
                answers.add(state.namespace().listStatus(path, null, 1000));
            } else {
                answers.add(state.blocks().locate(path, 0, Long.MAX_VALUE));
            }
        });
        answers.add(state.blocks().fsck("/", Set.of(1, 2), 1000));
        answers.add(state.totals());
        answers.add(new ArrayList<>(state.openFiles.keySet()));
        for (Leases.Lease lease : state.leases.all()) {
            answers.add(List.of(lease.holder, lease.lastRenewed, new ArrayList<>(lease.fileIds)));
        }
        answers.add(List.of(state.lastInodeId, state.lastGroupId, state.lastGeneration));
        return answers;
    }

    static byte[] snapshot(NamespaceState state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            state.writeTo(out);
        }
        return bytes.toByteArray();
    }

    static NamespaceState restore(byte[] snapshot) throws IOException {
        return NamespaceState.readFrom(new DataInputStream(new ByteArrayInputStream(snapshot)), Writes.CONFIG);
    }
}
