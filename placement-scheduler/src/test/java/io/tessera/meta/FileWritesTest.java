package io.tessera.meta;

import static io.tessera.meta.NamespaceTest.assertCode;
import static io.tessera.meta.Writes.BLOCK;
import static io.tessera.meta.Writes.OWNER;
import static io.tessera.meta.Writes.WRITER;
import static io.tessera.meta.Writes.blocks;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.ErrorCode;
import io.tessera.common.StoragePolicy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FileWritesTest {
    private static final long LIMIT = Writes.CONFIG.leaseLimitMillis();

    private final NamespaceState state = Writes.newState();
    private final FileWrites writes = state.writes();

    private long create(String path, StoragePolicy policy) {
        return state.namespace()
                .create(path, OWNER, WRITER, 0644, policy, 0, false, true, 0)
                .fileId();
    }

    @Test
    void shouldShowOnlyCommittedBytesWhileAFileIsWritten() {
        long id = create("/f", StoragePolicy.RS_3_2);
        Writes.appendGroups(state, id, WRITER, 3 * BLOCK, 1);
        writes.allocateGroup(id, WRITER, 1, new int[] {11, 12, 13, 14, 15}, 2);

        assertEquals(3 * BLOCK, state.namespace().getFileStatus("/f").length());
        Locations locations = state.blocks().locate("/f", 0, Long.MAX_VALUE);
        assertEquals(1, locations.groups().size());
        assertEquals(3 * BLOCK, locations.fileLength());
        assertEquals(3 * BLOCK, state.namespace().contentSummary("/f").length());
    }

    @Test
    void shouldMakeTheFileVisibleWithItsFullLengthWhenClosed() {
        long id = create("/f", StoragePolicy.REPLICATED_2);
        Writes.appendGroups(state, id, WRITER, 2 * BLOCK + 7, 1);

        assertTrue(writes.closeFile(id, WRITER, 2 * BLOCK + 7, 9).isEmpty());

        FileStatus status = state.namespace().getFileStatus("/f");
        assertEquals(2 * BLOCK + 7, status.length());
        assertFalse(status.underConstruction());
        assertEquals(9, status.modificationTime());
        assertCode(ErrorCode.NOT_FOUND, () -> writes.openFile(id));
        assertFalse(writes.renewLease(WRITER, 10));
    }

    @Test
    void shouldRefuseToCloseAtALengthItsGroupsDoNotHold() {
        long id = create("/f", StoragePolicy.REPLICATED_3);
        Writes.appendGroups(state, id, WRITER, 100, 1);

        assertCode(ErrorCode.INVALID_ARGUMENT, () -> writes.closeFile(id, WRITER, 101, 2));
        assertTrue(writes.openFile(id).leaseHolder().equals(WRITER));
    }

    @Test
    void shouldDropTheGroupInFlightWhenClosing() {
        long id = create("/f", StoragePolicy.REPLICATED_3);
        Writes.appendGroups(state, id, WRITER, BLOCK, 1);
        GroupAllocated inFlight = writes.allocateGroup(id, WRITER, 1, new int[] {7, 8, 9}, 2);

        List<GroupLocation> dropped = writes.closeFile(id, WRITER, BLOCK, 3);

        assertEquals(1, dropped.size());
        assertEquals(inFlight.blockGroup(), dropped.get(0).blockGroup());
        assertFalse(dropped.get(0).committed());
        assertEquals(
                List.of(7, 8, 9),
                dropped.get(0).blocks().stream().map(BlockLocation::nodeId).toList());
        assertEquals(1, state.blocks().locate("/f", 0, 10 * BLOCK).groups().size());
    }

    @Test
    void shouldRefuseWritesFromAnotherHolderOrToAFileNotBeingWritten() {
        long id = create("/f", StoragePolicy.REPLICATED_3);

        assertCode(ErrorCode.LEASE_HELD, () -> writes.allocateGroup(id, "intruder", 0, new int[] {1, 2, 3}, 1));
        assertCode(ErrorCode.LEASE_HELD, () -> writes.closeFile(id, "intruder", 0, 1));
        assertCode(ErrorCode.NOT_FOUND, () -> writes.allocateGroup(id + 100, WRITER, 0, new int[] {1, 2, 3}, 1));
        writes.closeFile(id, WRITER, 0, 1);
        assertCode(ErrorCode.NOT_FOUND, () -> writes.closeFile(id, WRITER, 0, 1));
    }

    @Test
    void shouldAllocateIncreasingGroupIdsAndGenerations() {
        long a = create("/a", StoragePolicy.REPLICATED_3);
        long b = create("/b", StoragePolicy.REPLICATED_3);

        GroupAllocated first = writes.allocateGroup(a, WRITER, 0, new int[] {1, 2, 3}, 1);
        GroupAllocated second = writes.allocateGroup(b, WRITER, 0, new int[] {4, 5, 6}, 1);

        assertTrue(second.blockGroup() > first.blockGroup());
        assertTrue(second.generation() > first.generation());
        assertEquals(List.of(4, 5, 6), second.targets());
    }

    @Test
    void shouldReturnTheSameGroupWhenAnAllocationIsRetried() {
        long id = create("/f", StoragePolicy.REPLICATED_3);
        GroupAllocated first = writes.allocateGroup(id, WRITER, 0, new int[] {1, 2, 3}, 1);

        GroupAllocated again = writes.allocateGroup(id, WRITER, 0, new int[] {4, 5, 6}, 2);

        assertEquals(first, again);
        assertEquals(1, writes.openFile(id).groupCount());
    }

    @Test
    void shouldRefuseAGroupOutOfTurn() {
        long id = create("/f", StoragePolicy.REPLICATED_3);

        assertCode(ErrorCode.INVALID_ARGUMENT, () -> writes.allocateGroup(id, WRITER, 1, new int[] {1, 2, 3}, 1));
        writes.allocateGroup(id, WRITER, 0, new int[] {1, 2, 3}, 1);
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> writes.allocateGroup(id, WRITER, 1, new int[] {1, 2, 3}, 1));
    }

    @Test
    void shouldRefuseAGroupAfterAShortOne() {
        long id = create("/f", StoragePolicy.RS_3_2);
        Writes.appendGroups(state, id, WRITER, 2 * BLOCK, 1);

        assertCode(ErrorCode.INVALID_ARGUMENT, () -> writes.allocateGroup(id, WRITER, 1, new int[] {1, 2, 3, 4, 5}, 2));
    }

    @Test
    void shouldRefuseTargetsNotFittingThePolicy() {
        long id = create("/f", StoragePolicy.RS_3_2);

        assertCode(ErrorCode.INVALID_ARGUMENT, () -> writes.allocateGroup(id, WRITER, 0, new int[] {1, 2, 3}, 1));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> writes.allocateGroup(id, WRITER, 0, new int[] {1, 2, 3, 4, 1}, 1));
        assertCode(
                ErrorCode.INVALID_ARGUMENT, () -> writes.allocateGroup(id, WRITER, 0, new int[] {1, 2, 3, 4, -5}, 1));
    }

    @Test
    void shouldCommitADegradedGroupAndRecordItsMissingBlocks() {
        long id = create("/f", StoragePolicy.RS_3_2);
        GroupAllocated group = writes.allocateGroup(id, WRITER, 0, new int[] {1, 2, 3, 4, 5}, 1);
        List<BlockLocation> stored = new ArrayList<>(blocks(StoragePolicy.RS_3_2, BLOCK, 2 * BLOCK + 5, group));
        stored.set(1, new BlockLocation(1, BlockGroup.NO_NODE, BLOCK, 0));
        stored.remove(4);

        writes.commitGroup(id, WRITER, group.blockGroup(), stored);

        assertEquals(2 * BLOCK + 5, writes.openFile(id).length());
        GroupLocation located = state.blocks().locate("/f", 0, 1).groups().get(0);
        assertEquals(
                List.of(0, 2, 3),
                located.blocks().stream().map(BlockLocation::blockIndex).toList());
        assertEquals(
                List.of(BLOCK, 5L, BLOCK),
                located.blocks().stream().map(BlockLocation::length).toList());
    }

    @Test
    void shouldRefuseACommitTooDegradedToRead() {
        long id = create("/f", StoragePolicy.RS_3_2);
        GroupAllocated group = writes.allocateGroup(id, WRITER, 0, new int[] {1, 2, 3, 4, 5}, 1);
        List<BlockLocation> stored = new ArrayList<>(blocks(StoragePolicy.RS_3_2, BLOCK, 3 * BLOCK, group));
        stored.set(0, new BlockLocation(0, BlockGroup.NO_NODE, BLOCK, 0));
        stored.set(1, new BlockLocation(1, BlockGroup.NO_NODE, BLOCK, 0));
        stored.remove(4);

        assertCode(ErrorCode.INVALID_ARGUMENT, () -> writes.commitGroup(id, WRITER, group.blockGroup(), stored));
        assertEquals(0, writes.openFile(id).length());
    }

    @Test
    void shouldRefuseACommitThatBreaksTheContiguousLayout() {
        long id = create("/f", StoragePolicy.RS_3_2);
        GroupAllocated group = writes.allocateGroup(id, WRITER, 0, new int[] {1, 2, 3, 4, 5}, 1);
        long g = group.blockGroup();

        assertCode(
                ErrorCode.INVALID_ARGUMENT,
                () -> writes.commitGroup(
                        id,
                        WRITER,
                        g,
                        List.of(
                                new BlockLocation(0, 1, 10, 0),
                                new BlockLocation(1, 2, 10, 0),
                                new BlockLocation(3, 4, 10, 0))));
        assertCode(
                ErrorCode.INVALID_ARGUMENT,
                () -> writes.commitGroup(
                        id,
                        WRITER,
                        g,
                        List.of(
                                new BlockLocation(0, 1, 10, 0),
                                new BlockLocation(3, 4, 9, 0),
                                new BlockLocation(4, 5, 10, 0))));
        assertCode(
                ErrorCode.INVALID_ARGUMENT,
                () -> writes.commitGroup(
                        id, WRITER, g, List.of(new BlockLocation(0, 9, 10, 0), new BlockLocation(3, 4, 10, 0))));
        assertCode(
                ErrorCode.INVALID_ARGUMENT,
                () -> writes.commitGroup(
                        id,
                        WRITER,
                        g,
                        List.of(new BlockLocation(0, 1, BLOCK + 1, 0), new BlockLocation(3, 4, BLOCK + 1, 0))));
        assertCode(
                ErrorCode.INVALID_ARGUMENT,
                () -> writes.commitGroup(id, WRITER, g, List.of(new BlockLocation(5, 1, 10, 0))));
        assertCode(
                ErrorCode.INVALID_ARGUMENT,
                () -> writes.commitGroup(
                        id,
                        WRITER,
                        g,
                        List.of(
                                new BlockLocation(0, 1, 10, 0),
                                new BlockLocation(2, 3, 0, 0),
                                new BlockLocation(3, 4, 10, 0))));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> writes.commitGroup(id, WRITER, g, List.of()));
        assertCode(ErrorCode.NOT_FOUND, () -> writes.commitGroup(id, WRITER, g + 1, List.of()));
    }

    @Test
    void shouldAcceptARepeatedCommitOfTheSameBlocksOnly() {
        long id = create("/f", StoragePolicy.RS_3_2);
        GroupAllocated group = writes.allocateGroup(id, WRITER, 0, new int[] {1, 2, 3, 4, 5}, 1);
        List<BlockLocation> stored = blocks(StoragePolicy.RS_3_2, BLOCK, 100, group);
        writes.commitGroup(id, WRITER, group.blockGroup(), stored);

        writes.commitGroup(id, WRITER, group.blockGroup(), stored);

        assertEquals(100, writes.openFile(id).length());
        List<BlockLocation> other = List.of(stored.get(0), stored.get(1));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> writes.commitGroup(id, WRITER, group.blockGroup(), other));
    }

    @Test
    void shouldRecordReplicasAsBlockIndexZeroOnTheirNodes() {
        long id = create("/f", StoragePolicy.REPLICATED_3);
        GroupAllocated group = writes.allocateGroup(id, WRITER, 0, new int[] {7, 8, 9}, 1);

        writes.commitGroup(
                id,
                WRITER,
                group.blockGroup(),
                List.of(new BlockLocation(0, 9, 42, 5), new BlockLocation(0, 7, 42, 5)));

        List<BlockLocation> located =
                state.blocks().locate("/f", 0, 42).groups().get(0).blocks();
        assertEquals(List.of(new BlockLocation(0, 7, 42, 5), new BlockLocation(0, 9, 42, 5)), located);
        assertEquals(
                "blk_" + group.blockGroup() + "_0",
                located.get(0).blockId(group.blockGroup()).toString());
    }

    @Test
    void shouldRefuseReplicasThatDifferOrSitElsewhere() {
        long id = create("/f", StoragePolicy.REPLICATED_3);
        long g = writes.allocateGroup(id, WRITER, 0, new int[] {7, 8, 9}, 1).blockGroup();

        assertCode(
                ErrorCode.INVALID_ARGUMENT,
                () -> writes.commitGroup(
                        id, WRITER, g, List.of(new BlockLocation(0, 7, 42, 5), new BlockLocation(0, 8, 41, 5))));
        assertCode(
                ErrorCode.INVALID_ARGUMENT,
                () -> writes.commitGroup(
                        id, WRITER, g, List.of(new BlockLocation(0, 7, 42, 5), new BlockLocation(0, 8, 42, 6))));
        assertCode(
                ErrorCode.INVALID_ARGUMENT,
                () -> writes.commitGroup(id, WRITER, g, List.of(new BlockLocation(0, 1, 42, 5))));
        assertCode(
                ErrorCode.INVALID_ARGUMENT,
                () -> writes.commitGroup(id, WRITER, g, List.of(new BlockLocation(1, 8, 42, 5))));
        assertCode(
                ErrorCode.INVALID_ARGUMENT,
                () -> writes.commitGroup(id, WRITER, g, List.of(new BlockLocation(0, 8, 0, 5))));
        assertCode(
                ErrorCode.INVALID_ARGUMENT,
                () -> writes.commitGroup(
                        id, WRITER, g, List.of(new BlockLocation(0, 7, 42, 5), new BlockLocation(0, 7, 42, 5))));
    }

    @Test
    void shouldExpireALeaseAndCloseItsFilesAtTheirCommittedLength() {
        long a = create("/a", StoragePolicy.REPLICATED_3);
        long b = create("/b", StoragePolicy.RS_3_2);
        Writes.appendGroups(state, a, WRITER, BLOCK, 0);
        Writes.appendGroups(state, b, WRITER, 3 * BLOCK, 0);
        GroupAllocated inFlight = writes.allocateGroup(b, WRITER, 1, new int[] {1, 2, 3, 4, 5}, 0);

        assertTrue(writes.expireLeases(LIMIT).isEmpty());
        List<RecoveredFile> recovered = writes.expireLeases(LIMIT + 1);

        assertEquals(2, recovered.size());
        assertEquals(new RecoveredFile(a, "/a", WRITER, BLOCK, List.of()), recovered.get(0));
        assertEquals("/b", recovered.get(1).path());
        assertEquals(3 * BLOCK, recovered.get(1).length());
        assertEquals(inFlight.blockGroup(), recovered.get(1).dropped().get(0).blockGroup());
        FileStatus status = state.namespace().getFileStatus("/b");
        assertFalse(status.underConstruction());
        assertEquals(3 * BLOCK, status.length());
        assertEquals(LIMIT + 1, status.modificationTime());
        assertCode(ErrorCode.NOT_FOUND, () -> writes.closeFile(b, WRITER, 3 * BLOCK, LIMIT + 2));
        assertTrue(writes.expireLeases(10 * LIMIT).isEmpty());
    }

    @Test
    void shouldKeepARenewedLeaseAlive() {
        long id = create("/f", StoragePolicy.REPLICATED_3);
        create("/other", StoragePolicy.REPLICATED_3);
        state.namespace().create("/theirs", OWNER, "client-2", 0644, null, 0, false, true, 0);

        assertTrue(writes.renewLease(WRITER, LIMIT));
        assertFalse(writes.renewLease("nobody", LIMIT));
        List<RecoveredFile> recovered = writes.expireLeases(LIMIT + 1);

        assertEquals(
                List.of("/theirs"), recovered.stream().map(RecoveredFile::path).toList());
        assertEquals(2 * LIMIT, writes.leaseExpiry(WRITER));
        assertEquals(-1, writes.leaseExpiry("client-2"));
        assertEquals(WRITER, writes.openFile(id).leaseHolder());
    }

    @Test
    void shouldLetAnotherWriterCreateTheFileOnceTheLeaseHasExpired() {
        create("/f", StoragePolicy.REPLICATED_3);
        assertCode(ErrorCode.LEASE_HELD, () -> state.namespace()
                .create("/f", OWNER, "client-2", 0644, null, 0, true, true, 5));

        writes.expireLeases(LIMIT + 1);
        FileCreated created = state.namespace().create("/f", OWNER, "client-2", 0644, null, 0, true, true, LIMIT + 2);

        assertEquals("client-2", state.namespace().getFileStatus("/f").leaseHolder());
        assertNotEquals(0, created.fileId());
    }

    @Test
    void shouldRecoverALeaseOnRequestAtTheCommittedLength() {
        long id = create("/f", StoragePolicy.REPLICATED_3);
        Writes.appendGroups(state, id, WRITER, BLOCK, 0);
        GroupAllocated inFlight = writes.allocateGroup(id, WRITER, 1, new int[] {4, 5, 6}, 0);

        RecoveredFile recovered = writes.recoverLease("/f", 5);

        assertEquals(WRITER, recovered.leaseHolder());
        assertEquals(BLOCK, recovered.length());
        assertEquals(inFlight.blockGroup(), recovered.dropped().get(0).blockGroup());
        assertFalse(state.namespace().getFileStatus("/f").underConstruction());
        assertCode(ErrorCode.NOT_FOUND, () -> writes.closeFile(id, WRITER, BLOCK, 6));
        assertEquals(null, writes.recoverLease("/f", 6));
        assertCode(ErrorCode.IS_A_DIRECTORY, () -> writes.recoverLease("/", 6));
        assertCode(ErrorCode.NOT_FOUND, () -> writes.recoverLease("/g", 6));
    }

    @Test
    void shouldDescribeTheOpenFileForPlacement() {
        long id = create("/d/f", StoragePolicy.RS_6_3);
        Writes.appendGroups(state, id, WRITER, 6 * BLOCK, 0);

        OpenFile open = writes.openFile(id);

        assertEquals(new OpenFile(id, "/d/f", StoragePolicy.RS_6_3, BLOCK, WRITER, 1, 6 * BLOCK), open);
        assertArrayEquals(new int[] {2, 3, 4, 5, 6, 7, 8, 9, 10}, Writes.nodes(StoragePolicy.RS_6_3, 1));
    }
}
