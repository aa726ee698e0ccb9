package io.tessera.meta;

import static io.tessera.meta.NamespaceTest.assertCode;
import static io.tessera.meta.Writes.BLOCK;
import static io.tessera.meta.Writes.OWNER;
import static io.tessera.meta.Writes.WRITER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.ErrorCode;
import io.tessera.common.StoragePolicy;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BlockMapTest {
    private final NamespaceState state = Writes.newState();
    private final BlockMap blocks = state.blocks();

    private void write(String path, StoragePolicy policy, long length) {
        long id = state.namespace()
                .create(path, OWNER, WRITER, 0644, policy, 0, false, true, 0)
                .fileId();
        Writes.appendGroups(state, id, WRITER, length, 0);
        state.writes().closeFile(id, WRITER, length, 0);
    }

    @Test
    void shouldLocateEveryGroupOfARangeIncludingAShortLastGroup() {
        write("/f", StoragePolicy.RS_3_2, 7 * BLOCK + 100);

        Locations all = blocks.locate("/f", 0, Long.MAX_VALUE);

        assertEquals(7 * BLOCK + 100, all.fileLength());
        assertEquals(StoragePolicy.RS_3_2, all.policy());
        assertEquals(BLOCK, all.blockSize());
        assertEquals(
                List.of(0L, 3 * BLOCK, 6 * BLOCK),
                all.groups().stream().map(GroupLocation::fileOffset).toList());
        assertEquals(
                List.of(3 * BLOCK, 3 * BLOCK, BLOCK + 100),
                all.groups().stream().map(GroupLocation::dataLength).toList());
        GroupLocation last = all.groups().get(2);
        assertEquals(
                List.of(0, 1, 3, 4),
                last.blocks().stream().map(BlockLocation::blockIndex).toList());
        assertEquals(
                List.of(BLOCK, 100L, BLOCK, BLOCK),
                last.blocks().stream().map(BlockLocation::length).toList());
        assertEquals(
                List.of(3, 4, 6, 7),
                last.blocks().stream().map(BlockLocation::nodeId).toList());
        assertEquals(5, all.groups().get(0).blocks().size());
        assertTrue(all.groups().stream().allMatch(GroupLocation::committed));
    }

    @Test
    void shouldLocateOnlyTheGroupsARangeTouches() {
        write("/f", StoragePolicy.RS_3_2, 7 * BLOCK + 100);

        assertEquals(List.of(0L), offsets(blocks.locate("/f", 0, 3 * BLOCK)));
        assertEquals(List.of(0L, 3 * BLOCK), offsets(blocks.locate("/f", 3 * BLOCK - 1, 2)));
        assertEquals(List.of(3 * BLOCK, 6 * BLOCK), offsets(blocks.locate("/f", 4 * BLOCK, 2 * BLOCK + 1)));
        assertEquals(List.of(6 * BLOCK), offsets(blocks.locate("/f", 7 * BLOCK + 99, 1000)));
        assertEquals(List.of(), offsets(blocks.locate("/f", 7 * BLOCK + 100, 1000)));
        assertEquals(List.of(), offsets(blocks.locate("/f", 5, 0)));
        assertEquals(List.of(), offsets(blocks.locate("/f", Long.MAX_VALUE, Long.MAX_VALUE)));
    }

    @Test
    void shouldLocateReplicatedGroupsOneBlockEach() {
        write("/f", StoragePolicy.REPLICATED_2, 2 * BLOCK + 1);

        Locations all = blocks.locate("/f", BLOCK - 1, 2);

        assertEquals(List.of(0L, BLOCK), offsets(all));
        assertEquals(
                List.of(new BlockLocation(0, 2, BLOCK, 2), new BlockLocation(0, 3, BLOCK, 2)),
                all.groups().get(1).blocks());
        assertEquals(List.of(2 * BLOCK), offsets(blocks.locate("/f", 2 * BLOCK, 1)));
    }

    @Test
    void shouldRefuseToLocateDirectoriesMissingFilesAndNegativeRanges() {
        write("/d/f", StoragePolicy.REPLICATED_1, 1);

        assertCode(ErrorCode.IS_A_DIRECTORY, () -> blocks.locate("/d", 0, 1));
        assertCode(ErrorCode.NOT_FOUND, () -> blocks.locate("/d/g", 0, 1));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> blocks.locate("/d/f", -1, 1));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> blocks.locate("/d/f", 0, -1));
    }

    @Test
    void shouldClassifyErasureCodedGroupsByTheBlocksOnLiveNodes() {
        write("/f", StoragePolicy.RS_3_2, 3 * BLOCK);

        assertEquals(GroupHealth.HEALTHY, health("/f", Set.of()));
        assertEquals(GroupHealth.HEALTHY, health("/f", Set.of(42)));
        assertEquals(GroupHealth.DEGRADED, health("/f", Set.of(1)));
        assertEquals(GroupHealth.DEGRADED, health("/f", Set.of(1, 5)));
        assertEquals(GroupHealth.MISSING, health("/f", Set.of(1, 2, 5)));
    }

    @Test
    void shouldNeedOnlyTheDataBlocksAShortGroupHas() {
        write("/f", StoragePolicy.RS_6_3, 10);

        long group = blocks.locate("/f", 0, 1).groups().get(0).blockGroup();
        GroupReport report = blocks.group(group, Set.of(4, 5, 6));

        assertEquals(1, report.requiredBlocks());
        assertEquals(4, report.existingBlocks());
        assertEquals(4, report.liveBlocks());
        assertEquals(GroupHealth.HEALTHY, report.health());
        assertEquals(GroupHealth.DEGRADED, health("/f", Set.of(1, 7, 8)));
        assertEquals(GroupHealth.MISSING, health("/f", Set.of(1, 7, 8, 9)));
    }

    @Test
    void shouldClassifyReplicatedGroups() {
        write("/f", StoragePolicy.REPLICATED_3, 5);

        assertEquals(GroupHealth.DEGRADED, health("/f", Set.of(1, 2)));
        assertEquals(GroupHealth.MISSING, health("/f", Set.of(1, 2, 3)));
    }

    @Test
    void shouldCountBlocksMissingSinceCommitAgainstHealth() {
        long id = state.namespace()
                .create("/f", OWNER, WRITER, 0644, StoragePolicy.RS_3_2, 0, false, true, 0)
                .fileId();
        GroupAllocated group = state.writes().allocateGroup(id, WRITER, 0, new int[] {1, 2, 3, 4, 5}, 0);
        List<BlockLocation> stored = Writes.blocks(StoragePolicy.RS_3_2, BLOCK, BLOCK, group);
        state.writes().commitGroup(id, WRITER, group.blockGroup(), stored.subList(0, 2));

        GroupReport report = blocks.fsck("/", Set.of(), 10).unhealthy().get(0);

        assertEquals(GroupHealth.DEGRADED, report.health());
        assertEquals(2, report.liveBlocks());
        assertEquals(3, report.existingBlocks());
        assertEquals(GroupHealth.DEGRADED, health("/f", Set.of(1)));
        assertEquals(GroupHealth.MISSING, health("/f", Set.of(1, 4)));
    }

    @Test
    void shouldWalkATreeInPathOrderAndReportTheWorstHealth() {
        write("/b/f", StoragePolicy.REPLICATED_1, 2 * BLOCK);
        write("/a/g", StoragePolicy.REPLICATED_2, 1);
        state.namespace().mkdirs("/c", OWNER, 0755, 0);
        state.namespace().create("/c/empty", OWNER, WRITER, 0644, null, 0, false, true, 0);

        FsckReport report = blocks.fsck("/", Set.of(2), 10);

        assertEquals(
                List.of("/a/g", "/b/f"),
                report.unhealthy().stream().map(GroupReport::path).toList());
        assertEquals(
                List.of(GroupHealth.DEGRADED, GroupHealth.MISSING),
                report.unhealthy().stream().map(GroupReport::health).toList());
        assertEquals(
                List.of(3L, 1L, 1L, 1L),
                List.of(report.files(), report.healthy(), report.degraded(), report.missing()));
        assertEquals(GroupHealth.MISSING, report.health());
        assertFalse(report.truncated());
        assertEquals(GroupHealth.HEALTHY, blocks.fsck("/c", Set.of(1, 2), 10).health());
    }

    @Test
    void shouldListOnlyAsManyUnhealthyGroupsAsAsked() {
        write("/f", StoragePolicy.REPLICATED_1, 3 * BLOCK);

        FsckReport report = blocks.fsck("/", Set.of(1, 2, 3), 2);

        assertEquals(3, report.missing());
        assertEquals(2, report.unhealthy().size());
        assertTrue(report.truncated());
    }

    @Test
    void shouldFindAGroupByIdWhereverItsFileMoves() {
        write("/d/f", StoragePolicy.REPLICATED_2, 2 * BLOCK);
        long open = state.namespace()
                .create("/g", OWNER, WRITER, 0644, null, 0, false, true, 0)
                .fileId();
        GroupAllocated inFlight = state.writes().allocateGroup(open, WRITER, 0, new int[] {4, 5, 6}, 0);
        long second = blocks.locate("/d/f", BLOCK, 1).groups().get(0).blockGroup();

        state.namespace().rename("/d", "/e", 1);
        GroupReport found = blocks.group(second, Set.of());

        assertEquals("/e/f", found.path());
        assertEquals(BLOCK, found.group().fileOffset());
        assertFalse(blocks.group(inFlight.blockGroup(), Set.of()).group().committed());
        assertEquals(new NamespaceTotals(2, 2, 3), state.totals());
        state.writes().closeFile(open, WRITER, 0, 2);
        state.namespace().delete("/e", true, 2);
        assertNull(blocks.group(second, Set.of()));
        assertNull(blocks.group(inFlight.blockGroup(), Set.of()));
        assertEquals(new NamespaceTotals(1, 1, 0), state.totals());
    }

    @Test
    void shouldFindTheGroupsANodeHolds() {
        write("/a", StoragePolicy.RS_3_2, 4 * BLOCK);
        write("/b", StoragePolicy.REPLICATED_3, 1);
        long open = state.namespace()
                .create("/c", OWNER, WRITER, 0644, StoragePolicy.REPLICATED_1, 0, false, true, 0)
                .fileId();
        state.writes().allocateGroup(open, WRITER, 0, new int[] {3}, 0);

        List<GroupReport> onTwo = blocks.groupsOnNode(2);

        assertEquals(
                List.of("/a", "/a", "/b"), onTwo.stream().map(GroupReport::path).toList());
        assertEquals(
                List.of("/a", "/b"),
                blocks.groupsOnNode(3).stream().map(GroupReport::path).toList());
        assertTrue(onTwo.stream().allMatch(report -> report.health() == GroupHealth.DEGRADED));
        assertEquals(List.of(), blocks.groupsOnNode(99));
    }

    private GroupHealth health(String path, Set<Integer> dead) {
        return blocks.fsck(path, dead, 100).health();
    }

    private static List<Long> offsets(Locations locations) {
        return locations.groups().stream().map(GroupLocation::fileOffset).toList();
    }
}
