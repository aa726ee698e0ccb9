package io.tessera.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessera.common.StoragePolicy;
import org.junit.jupiter.api.Test;

class GroupIndexTest {
    private final FileInode a = file(2);
    private final FileInode b = file(3);

    @Test
    void shouldFindGroupsThroughGrowthRemovalAndCompaction() {
        GroupIndex index = new GroupIndex();
        for (long id = 1; id <= 1000; id++) {
            index.append(id, id % 2 == 0 ? a : b);
        }
        for (long id = 1; id <= 900; id++) {
            index.remove(id);
        }
        index.remove(5);

        assertEquals(100, index.size());
        assertNull(index.file(900));
        assertSame(a, index.file(902));
        assertSame(b, index.file(1000 - 1));
        index.append(1001, a);
        assertSame(a, index.file(1001));
        assertNull(index.file(2000));
    }

    @Test
    void shouldRefuseGroupsOutOfOrder() {
        GroupIndex index = new GroupIndex();
        index.append(5, a);

        assertThrows(IllegalStateException.class, () -> index.append(5, b));
        assertThrows(IllegalStateException.class, () -> index.reassign(6, b));
    }

    @Test
    void shouldIndexATreeWhateverOrderItsGroupsComeIn() {
        DirectoryInode root = new DirectoryInode(1, "", "o", "g", 0755, 0);
        a.name = "a";
        b.name = "b";
        a.groups = new BlockGroup[] {new BlockGroup(30, 1, new int[3]), new BlockGroup(10, 1, new int[3])};
        b.groups = new BlockGroup[] {new BlockGroup(20, 1, new int[3])};
        root.put(a);
        root.put(b);

        GroupIndex index = GroupIndex.of(root);

        assertSame(a, index.file(10));
        assertSame(b, index.file(20));
        assertSame(a, index.file(30));
        assertEquals(3, index.size());
    }

    private static FileInode file(long id) {
        return new FileInode(id, "f" + id, "o", "g", 0644, 0, StoragePolicy.REPLICATED_3, 1024);
    }
}
