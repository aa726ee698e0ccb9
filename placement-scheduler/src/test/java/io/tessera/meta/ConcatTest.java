package io.tessera.meta;

import static io.tessera.meta.NamespaceTest.assertCode;
import static io.tessera.meta.Writes.BLOCK;
import static io.tessera.meta.Writes.OWNER;
import static io.tessera.meta.Writes.WRITER;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tessera.common.ErrorCode;
import io.tessera.common.StoragePolicy;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConcatTest {
    private final NamespaceState state = Writes.newState();
    private final Namespace namespace = state.namespace();

    private void write(String path, StoragePolicy policy, long length) {
        long id = namespace
                .create(path, OWNER, WRITER, 0644, policy, 0, false, true, 0)
                .fileId();
        Writes.appendGroups(state, id, WRITER, length, 0);
        state.writes().closeFile(id, WRITER, length, 0);
    }

    @Test
    void shouldAppendTheSourcesGroupsToTheTargetAndRemoveTheSources() {
        write("/d/target", StoragePolicy.RS_3_2, 3 * BLOCK);
        write("/d/one", StoragePolicy.RS_3_2, 6 * BLOCK);
        write("/d/two", StoragePolicy.RS_3_2, 5);
        List<GroupLocation> moved =
                state.blocks().locate("/d/one", 0, Long.MAX_VALUE).groups();

        namespace.concat("/d/target", List.of("/d/one", "/d/two"), 7);

        Locations target = state.blocks().locate("/d/target", 0, Long.MAX_VALUE);
        assertEquals(9 * BLOCK + 5, target.fileLength());
        assertEquals(
                List.of(0L, 3 * BLOCK, 6 * BLOCK, 9 * BLOCK),
                target.groups().stream().map(GroupLocation::fileOffset).toList());
        assertEquals(moved.get(1).blockGroup(), target.groups().get(2).blockGroup());
        assertEquals(List.of("target"), NamespaceTest.names(namespace.listStatus("/d", null, 10)));
        assertEquals(
                "/d/target",
                state.blocks().group(moved.get(0).blockGroup(), Set.of()).path());
        assertEquals(new NamespaceTotals(1, 2, 4), state.totals());
        assertEquals(7, namespace.getFileStatus("/d/target").modificationTime());
    }

    @Test
    void shouldRefuseWhatWouldBreakTheLayout() {
        write("/d/short", StoragePolicy.REPLICATED_3, BLOCK + 1);
        write("/d/full", StoragePolicy.REPLICATED_3, BLOCK);
        write("/d/other", StoragePolicy.REPLICATED_2, BLOCK);
        write("/e/far", StoragePolicy.REPLICATED_3, BLOCK);

        assertCode(ErrorCode.INVALID_ARGUMENT, () -> namespace.concat("/d/short", List.of("/d/full"), 1));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> namespace.concat("/d/full", List.of("/d/short", "/d/full"), 1));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> namespace.concat("/d/full", List.of("/d/other"), 1));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> namespace.concat("/d/full", List.of("/e/far"), 1));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> namespace.concat("/d/full", List.of("/d/full"), 1));
        assertCode(ErrorCode.IS_A_DIRECTORY, () -> namespace.concat("/d/full", List.of("/e"), 1));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> namespace.concat("/d/full", List.of(), 1));
        assertEquals(BLOCK + 1, namespace.getFileStatus("/d/short").length());
        assertEquals(BLOCK, namespace.getFileStatus("/d/full").length());
    }

    @Test
    void shouldRefuseFilesBeingWritten() {
        write("/d/full", StoragePolicy.REPLICATED_3, BLOCK);
        namespace.create("/d/open", OWNER, WRITER, 0644, StoragePolicy.REPLICATED_3, 0, false, true, 0);

        assertCode(ErrorCode.LEASE_HELD, () -> namespace.concat("/d/full", List.of("/d/open"), 1));
        assertCode(ErrorCode.NOT_FOUND, () -> namespace.concat("/d/full", List.of("/d/none"), 1));
    }
}
