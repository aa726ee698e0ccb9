package io.tessera.meta;

import static io.tessera.meta.Writes.BLOCK;
import static io.tessera.meta.Writes.OWNER;
import static io.tessera.meta.Writes.WRITER;
import static io.tessera.meta.Writes.create;
import static io.tessera.meta.Writes.writeFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.ErrorCode;
import io.tessera.common.StoragePolicy;
import io.tessera.common.TesseraException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class NamespaceTest {
    private final NamespaceState state = Writes.newState();
    private final Namespace namespace = state.namespace();

    @Test
    void shouldCreateDirectoriesWithTheirParents() {
        assertTrue(namespace.mkdirs("/a/b/c", OWNER, 0750, 100));

        FileStatus c = namespace.getFileStatus("/a/b/c");
        assertTrue(c.directory());
        assertEquals("/a/b/c", c.path());
        assertEquals(0750, c.permission());
        assertEquals(OWNER, c.owner());
        assertEquals("supergroup", c.group());
        assertEquals(100, c.modificationTime());
        assertEquals(0750 | 0300, namespace.getFileStatus("/a/b").permission());
        assertEquals(100, namespace.getFileStatus("/").modificationTime());
    }

    @Test
    void shouldAcceptMkdirsOfAnExistingDirectory() {
        namespace.mkdirs("/a", OWNER, 0755, 1);

        assertFalse(namespace.mkdirs("/a", OWNER, 0700, 2));
        assertEquals(0755, namespace.getFileStatus("/a").permission());
        assertFalse(namespace.mkdirs("/", OWNER, 0755, 2));
    }

    @Test
    void shouldRefuseMkdirsThroughAFileWithoutCreatingAnything() {
        writeFile(state, "/a/f", 10, 1);

        assertCode(ErrorCode.NOT_A_DIRECTORY, () -> namespace.mkdirs("/a/f/x/y", OWNER, 0755, 2));
        assertCode(ErrorCode.NOT_A_DIRECTORY, () -> namespace.mkdirs("/a/f", OWNER, 0755, 2));
        assertEquals(1, namespace.listStatus("/a", null, 10).entries().size());
    }

    @Test
    void shouldRefuseInvalidPathsNamingThem() {
        for (String bad : List.of("", "a/b", "/a//b", "/a/", "/a/./b", "/a/../b", "/a\0b")) {
            TesseraException e = assertThrows(TesseraException.class, () -> namespace.mkdirs(bad, OWNER, 0755, 1));
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code(), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> namespace.mkdirs("/" + "x".repeat(256), OWNER, 0755, 1));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> namespace.getFileStatus("/a".repeat(4001)));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> namespace.mkdirs("/a", OWNER, 010000, 1));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> namespace.mkdirs("/a", "", 0755, 1));
    }

    @Test
    void shouldCreateAFileUnderConstructionWithTheDefaults() {
        FileCreated created = create(state, "/dir/f", WRITER, 5);

        assertEquals(StoragePolicy.REPLICATED_3, created.policy());
        assertEquals(BLOCK, created.blockSize());
        assertTrue(created.garbage().isEmpty());
        FileStatus status = namespace.getFileStatus("/dir/f");
        assertFalse(status.directory());
        assertEquals(created.fileId(), status.fileId());
        assertEquals(0, status.length());
        assertEquals(WRITER, status.leaseHolder());
        assertTrue(status.underConstruction());
        assertEquals(0755, namespace.getFileStatus("/dir").permission());
    }

    @Test
    void shouldCreateWithTheDefaultPolicyAndBlockSizeOfTheConfiguration() {
        NamespaceState custom = new NamespaceState(Writes.CONFIG.withDefaultPolicy(StoragePolicy.RS_6_3));

        FileCreated created = create(custom, "/f", WRITER, 1);

        assertEquals(StoragePolicy.RS_6_3, created.policy());
        assertEquals(
                128L << 20,
                new NamespaceState(NamespaceConfig.DEFAULT)
                        .namespace()
                        .create("/f", OWNER, WRITER, 0644, null, 0, false, false, 1)
                        .blockSize());
    }

    @Test
    void shouldRefuseCreateWithoutParentWhenNotAskedToMakeIt() {
        assertCode(
                ErrorCode.PARENT_NOT_FOUND,
                () -> namespace.create("/missing/f", OWNER, WRITER, 0644, null, 0, false, false, 1));
        assertCode(ErrorCode.NOT_FOUND, () -> namespace.getFileStatus("/missing"));
    }

    @Test
    void shouldRefuseCreateOverADirectoryOrThroughAFile() {
        namespace.mkdirs("/d", OWNER, 0755, 1);
        writeFile(state, "/f", 1, 1);

        assertCode(ErrorCode.IS_A_DIRECTORY, () -> namespace.create("/d", OWNER, WRITER, 0644, null, 0, true, true, 2));
        assertCode(ErrorCode.IS_A_DIRECTORY, () -> namespace.create("/", OWNER, WRITER, 0644, null, 0, true, true, 2));
        assertCode(
                ErrorCode.NOT_A_DIRECTORY, () -> namespace.create("/f/g", OWNER, WRITER, 0644, null, 0, true, true, 2));
        assertCode(
                ErrorCode.NOT_A_DIRECTORY,
                () -> namespace.create("/f/g", OWNER, WRITER, 0644, null, 0, true, false, 2));
    }

    @Test
    void shouldRefuseCreateOverAnExistingFileUnlessOverwriting() {
        writeFile(state, "/f", 3 * BLOCK, 1);

        assertCode(
                ErrorCode.ALREADY_EXISTS, () -> namespace.create("/f", OWNER, "other", 0644, null, 0, false, true, 2));
        FileCreated replaced = namespace.create("/f", OWNER, "other", 0644, null, 0, true, true, 2);

        assertEquals(3, replaced.garbage().size());
        FileStatus status = namespace.getFileStatus("/f");
        assertEquals(replaced.fileId(), status.fileId());
        assertEquals(0, status.length());
        assertEquals("other", status.leaseHolder());
    }

    @Test
    void shouldRefuseCreateOverAFileAnotherHolderIsWriting() {
        create(state, "/f", WRITER, 1);

        assertCode(ErrorCode.LEASE_HELD, () -> namespace.create("/f", OWNER, "other", 0644, null, 0, true, true, 2));
        assertCode(
                ErrorCode.ALREADY_EXISTS, () -> namespace.create("/f", OWNER, WRITER, 0644, null, 0, false, true, 2));
    }

    @Test
    void shouldLetAHolderRestartItsOwnWriteByOverwriting() {
        long first = create(state, "/f", WRITER, 1).fileId();
        Writes.appendGroups(state, first, WRITER, 10, 1);

        FileCreated again = namespace.create("/f", OWNER, WRITER, 0644, null, 0, true, true, 2);

        assertEquals(1, again.garbage().size());
        assertCode(ErrorCode.NOT_FOUND, () -> state.writes().openFile(first));
        assertEquals(again.fileId(), state.writes().openFile(again.fileId()).fileId());
    }

    @Test
    void shouldRefuseBadBlockSizesAndLeaseHolders() {
        assertCode(
                ErrorCode.INVALID_ARGUMENT,
                () -> namespace.create("/f", OWNER, WRITER, 0644, null, 100, false, true, 1));
        assertCode(
                ErrorCode.INVALID_ARGUMENT,
                () -> namespace.create("/f", OWNER, WRITER, 0644, null, -1, false, true, 1));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> namespace.create("/f", OWNER, "", 0644, null, 0, false, true, 1));
        assertCode(ErrorCode.NOT_FOUND, () -> namespace.getFileStatus("/f"));
    }

    @Test
    void shouldInheritPolicyAndBlockSizeFromTheNearestDirectoryThatSetsThem() {
        namespace.mkdirs("/warehouse/lineitem/2024", OWNER, 0755, 1);
        namespace.setPolicy("/warehouse", StoragePolicy.RS_6_3);
        namespace.setBlockSize("/warehouse/lineitem", 16 * BLOCK);

        FileCreated created = create(state, "/warehouse/lineitem/2024/part-0.parquet", WRITER, 2);

        assertEquals(StoragePolicy.RS_6_3, created.policy());
        assertEquals(16 * BLOCK, created.blockSize());
        assertEquals(StoragePolicy.RS_6_3, namespace.getPolicy("/warehouse/lineitem/2024"));
        FileStatus dir = namespace.getFileStatus("/warehouse/lineitem/2024");
        assertNull(dir.policy());
        assertEquals(StoragePolicy.RS_6_3, dir.effectivePolicy());
        assertEquals(16 * BLOCK, dir.blockSize());
        assertEquals(StoragePolicy.REPLICATED_3, namespace.getPolicy("/"));
    }

    @Test
    void shouldLetAFileKeepItsPolicyAndBlockSizeAfterItsDirectoryChanges() {
        namespace.mkdirs("/d", OWNER, 0755, 1);
        namespace.setPolicy("/d", StoragePolicy.RS_3_2);
        writeFile(state, "/d/f", 5, 1);

        namespace.setPolicy("/d", StoragePolicy.XOR_2_1);
        namespace.setBlockSize("/d", 2 * BLOCK);
        namespace.rename("/d/f", "/g", 2);

        assertEquals(StoragePolicy.RS_3_2, namespace.getPolicy("/g"));
        assertEquals(BLOCK, namespace.getFileStatus("/g").blockSize());
        assertEquals(StoragePolicy.XOR_2_1, create(state, "/d/h", WRITER, 3).policy());
        namespace.setPolicy("/d", null);
        assertEquals(StoragePolicy.REPLICATED_3, namespace.getPolicy("/d"));
    }

    @Test
    void shouldRefuseToSetAPolicyOrBlockSizeOnAFile() {
        writeFile(state, "/f", 5, 1);

        assertCode(ErrorCode.NOT_A_DIRECTORY, () -> namespace.setPolicy("/f", StoragePolicy.RS_6_3));
        assertCode(ErrorCode.NOT_A_DIRECTORY, () -> namespace.setBlockSize("/f", BLOCK));
        assertCode(ErrorCode.NOT_FOUND, () -> namespace.setPolicy("/nope", StoragePolicy.RS_6_3));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> namespace.setBlockSize("/", 1));
    }

    @Test
    void shouldListInNameOrderPageByPage() {
        for (String name : List.of("c", "a", "e", "b", "d")) {
            writeFile(state, "/dir/" + name, 1, 1);
        }
        namespace.mkdirs("/dir/sub", OWNER, 0755, 1);

        ListingPage first = namespace.listStatus("/dir", null, 2);
        ListingPage second = namespace.listStatus("/dir", "b", 2);
        ListingPage last = namespace.listStatus("/dir", "d", 10);

        assertEquals(List.of("a", "b"), names(first));
        assertTrue(first.more());
        assertEquals(List.of("c", "d"), names(second));
        assertTrue(second.more());
        assertEquals(List.of("e", "sub"), names(last));
        assertFalse(last.more());
        assertEquals("/dir/sub", last.entries().get(1).path());
        assertTrue(last.entries().get(1).directory());
        assertEquals(List.of("c"), names(namespace.listStatus("/dir", "bb", 1)));
        assertFalse(namespace.listStatus("/dir", "e", 1).more());
    }

    @Test
    void shouldListAFileAsItselfAndRefuseMissingPaths() {
        writeFile(state, "/f", 7, 1);

        ListingPage page = namespace.listStatus("/f", null, 5);

        assertEquals(1, page.entries().size());
        assertEquals(7, page.entries().get(0).length());
        assertFalse(page.more());
        assertTrue(namespace.listStatus("/", null, 5).entries().size() == 1);
        assertCode(ErrorCode.NOT_FOUND, () -> namespace.listStatus("/missing", null, 5));
        assertCode(ErrorCode.NOT_FOUND, () -> namespace.listStatus("/f/x", null, 5));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> namespace.listStatus("/", null, 0));
    }

    @Test
    void shouldRenameAFile() {
        long id = writeFile(state, "/a/f", 5, 1);
        namespace.mkdirs("/b", OWNER, 0755, 1);

        namespace.rename("/a/f", "/b/g", 9);

        assertCode(ErrorCode.NOT_FOUND, () -> namespace.getFileStatus("/a/f"));
        FileStatus moved = namespace.getFileStatus("/b/g");
        assertEquals(id, moved.fileId());
        assertEquals(5, moved.length());
        assertEquals(9, namespace.getFileStatus("/a").modificationTime());
        assertEquals(9, namespace.getFileStatus("/b").modificationTime());
    }

    @Test
    void shouldRenameADirectoryAtomicallyWithEverythingBelowIt() {
        writeFile(state, "/src/x/f1", 1, 1);
        writeFile(state, "/src/x/y/f2", 2 * BLOCK, 1);
        namespace.setPolicy("/src/x", StoragePolicy.RS_3_2);

        namespace.rename("/src", "/dst", 2);

        assertCode(ErrorCode.NOT_FOUND, () -> namespace.getFileStatus("/src"));
        assertEquals(2 * BLOCK, namespace.getFileStatus("/dst/x/y/f2").length());
        assertEquals(
                2, state.blocks().locate("/dst/x/y/f2", 0, 10 * BLOCK).groups().size());
        assertEquals(StoragePolicy.RS_3_2, namespace.getPolicy("/dst/x/y"));
        assertEquals(List.of("f1", "y"), names(namespace.listStatus("/dst/x", null, 10)));
    }

    @Test
    void shouldMoveIntoAnExistingDirectory() {
        writeFile(state, "/f", 1, 1);
        namespace.mkdirs("/d/e", OWNER, 0755, 1);

        namespace.rename("/f", "/d", 2);
        namespace.rename("/d/e", "/", 2);

        assertEquals(1, namespace.getFileStatus("/d/f").length());
        assertTrue(namespace.getFileStatus("/e").directory());
    }

    @Test
    void shouldRefuseRenameOntoAnExistingEntry() {
        writeFile(state, "/f", 1, 1);
        writeFile(state, "/g", 2, 1);
        writeFile(state, "/d/f", 3, 1);

        assertCode(ErrorCode.ALREADY_EXISTS, () -> namespace.rename("/f", "/g", 2));
        assertCode(ErrorCode.ALREADY_EXISTS, () -> namespace.rename("/f", "/d", 2));
        assertEquals(1, namespace.getFileStatus("/f").length());
        assertEquals(2, namespace.getFileStatus("/g").length());
    }

    @Test
    void shouldTreatRenameOntoItselfAsDone() {
        writeFile(state, "/d/f", 1, 1);

        namespace.rename("/d/f", "/d/f", 2);
        namespace.rename("/d/f", "/d", 2);

        assertEquals(1, namespace.getFileStatus("/d/f").length());
        assertEquals(1, namespace.getFileStatus("/d").modificationTime());
    }

    @Test
    void shouldRefuseRenameIntoItsOwnSubtreeOrOfTheRoot() {
        namespace.mkdirs("/a/b/c", OWNER, 0755, 1);

        assertCode(ErrorCode.INVALID_ARGUMENT, () -> namespace.rename("/a", "/a/b/c", 2));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> namespace.rename("/a", "/a/b/new", 2));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> namespace.rename("/a", "/a", 2));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> namespace.rename("/", "/z", 2));
        assertTrue(namespace.getFileStatus("/a/b/c").directory());
    }

    @Test
    void shouldRefuseRenameOfAMissingSourceOrToAMissingParent() {
        writeFile(state, "/f", 1, 1);

        assertCode(ErrorCode.NOT_FOUND, () -> namespace.rename("/missing", "/x", 2));
        assertCode(ErrorCode.PARENT_NOT_FOUND, () -> namespace.rename("/f", "/no/such/x", 2));
        assertCode(ErrorCode.NOT_A_DIRECTORY, () -> namespace.rename("/f", "/f/x", 2));
        assertEquals(1, namespace.getFileStatus("/f").length());
    }

    @Test
    void shouldLetAWriterFinishAFileRenamedWhileItWrites() {
        long id = create(state, "/tmp/part", WRITER, 1).fileId();
        Writes.appendGroups(state, id, WRITER, 10, 1);

        namespace.rename("/tmp/part", "/final", 2);
        state.writes().closeFile(id, WRITER, 10, 3);

        FileStatus status = namespace.getFileStatus("/final");
        assertEquals(10, status.length());
        assertFalse(status.underConstruction());
    }

    @Test
    void shouldDeleteAFileAndReturnItsGroups() {
        writeFile(state, "/d/f", 2 * BLOCK + 1, 1);

        Deleted deleted = namespace.delete("/d/f", false, 5);

        assertTrue(deleted.deleted());
        assertEquals(3, deleted.garbage().size());
        assertEquals(5, namespace.getFileStatus("/d").modificationTime());
        assertCode(ErrorCode.NOT_FOUND, () -> namespace.getFileStatus("/d/f"));
    }

    @Test
    void shouldDeleteATreeOnlyWhenRecursive() {
        writeFile(state, "/d/a/f", 1, 1);
        writeFile(state, "/d/b/g", BLOCK + 1, 1);
        long open = create(state, "/d/b/open", "writer-2", 1).fileId();
        Writes.appendGroups(state, open, "writer-2", 1, 1);

        assertCode(ErrorCode.DIRECTORY_NOT_EMPTY, () -> namespace.delete("/d", false, 2));
        Deleted deleted = namespace.delete("/d", true, 2);

        assertTrue(deleted.deleted());
        assertEquals(4, deleted.garbage().size());
        assertCode(ErrorCode.NOT_FOUND, () -> state.writes().openFile(open));
        assertFalse(state.writes().renewLease("writer-2", 3));
        assertTrue(namespace.listStatus("/", null, 10).entries().isEmpty());
    }

    @Test
    void shouldDeleteAnEmptyDirectoryWithoutRecursive() {
        namespace.mkdirs("/d", OWNER, 0755, 1);

        assertTrue(namespace.delete("/d", false, 2).deleted());
    }

    @Test
    void shouldReturnFalseWhenDeletingAMissingPathOrTheRoot() {
        writeFile(state, "/f", 1, 1);

        assertFalse(namespace.delete("/missing", true, 2).deleted());
        assertFalse(namespace.delete("/f/x", true, 2).deleted());
        assertFalse(namespace.delete("/", true, 2).deleted());
        assertEquals(1, namespace.getFileStatus("/f").length());
    }

    @Test
    void shouldSetPermissionOwnerAndTimes() {
        writeFile(state, "/f", 1, 1);

        namespace.setPermission("/f", 0600);
        namespace.setOwner("/f", "bob", null);
        namespace.setOwner("/f", "", "analysts");
        namespace.setTimes("/f", 50, -1);
        namespace.setTimes("/f", -1, 60);

        FileStatus status = namespace.getFileStatus("/f");
        assertEquals(0600, status.permission());
        assertEquals("bob", status.owner());
        assertEquals("analysts", status.group());
        assertEquals(50, status.modificationTime());
        assertEquals(60, status.accessTime());
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> namespace.setPermission("/f", -1));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> namespace.setOwner("/f", null, ""));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> namespace.setTimes("/f", -2, 0));
        assertCode(ErrorCode.NOT_FOUND, () -> namespace.setPermission("/g", 0600));
    }

    @Test
    void shouldInheritTheGroupOfTheParentDirectory() {
        namespace.mkdirs("/team", OWNER, 0755, 1);
        namespace.setOwner("/team", null, "analysts");

        create(state, "/team/sub/f", WRITER, 2);

        assertEquals("analysts", namespace.getFileStatus("/team/sub").group());
        assertEquals("analysts", namespace.getFileStatus("/team/sub/f").group());
    }

    @Test
    void shouldSummariseLengthsCountsAndSpaceByPolicy() {
        namespace.mkdirs("/d/ec", OWNER, 0755, 1);
        namespace.setPolicy("/d/ec", StoragePolicy.RS_6_3);
        writeFile(state, "/d/replicated", 2 * BLOCK + 10, 1);
        writeFile(state, "/d/ec/big", 7 * BLOCK + 5, 1);
        writeFile(state, "/d/ec/small", 10, 1);

        ContentSummary summary = namespace.contentSummary("/d");

        long replicated = 3 * (2 * BLOCK + 10);
        long big = (7 * BLOCK + 5) + 3 * BLOCK + 3 * BLOCK;
        long small = 10 + 3 * 10;
        assertEquals(new ContentSummary(9 * BLOCK + 25, 3, 2, replicated + big + small), summary);
        assertEquals(new ContentSummary(10, 1, 0, 40), namespace.contentSummary("/d/ec/small"));
    }

    static List<String> names(ListingPage page) {
        return page.entries().stream().map(FileStatus::name).toList();
    }

    static void assertCode(ErrorCode code, Executable call) {
        TesseraException e = assertThrows(TesseraException.class, call);
        assertEquals(code, e.code(), e.getMessage());
    }
}
