package io.tessera.meta;

import static io.tessera.meta.Writes.BLOCK;
import static io.tessera.meta.Writes.OWNER;
import static io.tessera.meta.Writes.WRITER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.StoragePolicy;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BlockReportTest {
    private final NamespaceState state = Writes.newState();
    private final BlockMap blocks = state.blocks();

    private GroupLocation write(String path, StoragePolicy policy, long length) {
        long id = state.namespace()
                .create(path, OWNER, WRITER, 0644, policy, 0, false, true, 0)
                .fileId();
        Writes.appendGroups(state, id, WRITER, length, 0);
        state.writes().closeFile(id, WRITER, length, 0);
        return blocks.locate(path, 0, 1).groups().get(0);
    }

    @Test
    void shouldAcceptExactlyTheBlocksTheMapPlacesOnTheNode() {
        GroupLocation ec = write("/ec", StoragePolicy.RS_3_2, 2 * BLOCK);
        GroupLocation replicated = write("/r", StoragePolicy.REPLICATED_3, 10);

        ReportCheck check = blocks.checkReport(
                2,
                List.of(
                        new ReportedBlock(ec.blockGroup(), 1, ec.generation(), BLOCK),
                        new ReportedBlock(replicated.blockGroup(), 0, replicated.generation(), 10)));

        assertEquals(new ReportCheck(List.of(), List.of()), check);
    }

    @Test
    void shouldCallStaleWhatTheMapDoesNotPlaceThere() {
        GroupLocation ec = write("/ec", StoragePolicy.RS_3_2, 2 * BLOCK);
        GroupLocation replicated = write("/r", StoragePolicy.REPLICATED_3, 10);
        List<ReportedBlock> stale = List.of(
                new ReportedBlock(ec.blockGroup(), 0, ec.generation(), BLOCK),
                new ReportedBlock(ec.blockGroup(), 1, ec.generation() + 1, BLOCK),
                new ReportedBlock(ec.blockGroup(), 1, ec.generation(), BLOCK - 1),
                new ReportedBlock(replicated.blockGroup(), 1, replicated.generation(), 10),
                new ReportedBlock(999, 0, 1, 10));

        ReportCheck check = blocks.checkReport(2, stale);

        assertEquals(stale, check.stale());
        assertEquals(
                List.of("/ec", "/r"),
                check.missing().stream().map(GroupReport::path).toList());
    }

    @Test
    void shouldAcceptBlocksOfGroupsStillBeingWritten() {
        long id = state.namespace()
                .create("/f", OWNER, WRITER, 0644, StoragePolicy.REPLICATED_2, 0, false, true, 0)
                .fileId();
        GroupAllocated group = state.writes().allocateGroup(id, WRITER, 0, new int[] {5, 6}, 0);

        ReportCheck check =
                blocks.checkReport(6, List.of(new ReportedBlock(group.blockGroup(), 0, group.generation(), 77)));

        assertEquals(new ReportCheck(List.of(), List.of()), check);
        assertFalse(blocks.removeBlock(group.blockGroup(), 0, 6));
    }

    @Test
    void shouldCountARemovedBlockAsMissingUntilRepaired() {
        GroupLocation ec = write("/ec", StoragePolicy.RS_3_2, 3 * BLOCK);

        assertTrue(blocks.removeBlock(ec.blockGroup(), 4, 5));
        assertTrue(blocks.removeBlock(ec.blockGroup(), 0, 1));

        assertFalse(blocks.removeBlock(ec.blockGroup(), 0, 1));
        assertFalse(blocks.removeBlock(ec.blockGroup(), 1, 3));
        assertFalse(blocks.removeBlock(12345, 0, 1));
        GroupReport report = blocks.group(ec.blockGroup(), Set.of());
        assertEquals(GroupHealth.DEGRADED, report.health());
        assertEquals(3, report.liveBlocks());
        assertEquals(GroupHealth.MISSING, blocks.fsck("/", Set.of(2), 10).health());
        assertEquals(
                List.of(1, 2, 3),
                blocks.locate("/ec", 0, 1).groups().get(0).blocks().stream()
                        .map(BlockLocation::blockIndex)
                        .toList());
    }

    @Test
    void shouldRemoveOneReplicaByItsNode() {
        GroupLocation replicated = write("/r", StoragePolicy.REPLICATED_3, 10);

        assertTrue(blocks.removeBlock(replicated.blockGroup(), 0, 2));

        assertEquals(
                List.of(1, 3),
                blocks.locate("/r", 0, 1).groups().get(0).blocks().stream()
                        .map(BlockLocation::nodeId)
                        .toList());
        assertEquals(List.of(), blocks.checkReport(2, List.of()).missing());
    }
}
