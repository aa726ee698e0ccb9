package io.tessera.hadoop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.client.FileLocations;
import io.tessera.client.TesseraClient;
import io.tessera.common.StoragePolicy;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.CommonPathCapabilities;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.ParentNotDirectoryException;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.PathIsNotEmptyDirectoryException;
import org.apache.hadoop.fs.StreamCapabilities;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.fs.statistics.IOStatisticAssertions;
import org.apache.hadoop.fs.statistics.StreamStatisticNames;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/** What the contract suites do not pin down: locations, the replication mapping, FileContext, clients. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TesseraFileSystemTest {
    private static FileSystem fs;

    @BeforeAll
    static void connect() throws IOException {
        fs = FileSystem.get(URI.create(SharedCluster.uri()), SharedCluster.configuration());
    }

    private static Path dir(TestInfo test) throws IOException {
        Path dir = new Path(
                "/filesystem-test/" + test.getTestMethod().orElseThrow().getName());
        fs.delete(dir, true);
        fs.mkdirs(dir);
        return dir;
    }

    private static byte[] write(Path path, int length, long seed) throws IOException {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        try (FSDataOutputStream out = fs.create(path)) {
            out.write(bytes);
        }
        return bytes;
    }

    @Test
    void shouldBeFoundThroughHadoopsServiceLoader() throws IOException {
        assertInstanceOf(TesseraFileSystem.class, fs);
        assertEquals("tessera", fs.getScheme());
        assertEquals(URI.create(SharedCluster.uri()).getAuthority(), fs.getUri().getAuthority());
    }

    @Test
    void shouldGiveOneLocationPerDataBlockWithItsHolderAndTopology(TestInfo test) throws IOException {
        Path file = new Path(dir(test), "five-blocks");
        int length = (int) (4 * SharedCluster.BLOCK_SIZE + 12345);
        write(file, length, 1);

        BlockLocation[] locations = fs.getFileBlockLocations(fs.getFileStatus(file), 0, length);

        FileLocations truth;
        try (TesseraClient client = SharedCluster.get().connect()) {
            truth = client.locate(file.toUri().getPath(), 0, length);
        }
        assertEquals(StoragePolicy.RS_3_2, truth.policy());
        assertEquals(5, locations.length);
        for (int i = 0; i < locations.length; i++) {
            BlockLocation location = locations[i];
            assertEquals(i * SharedCluster.BLOCK_SIZE, location.getOffset());
            assertEquals(Math.min(SharedCluster.BLOCK_SIZE, length - location.getOffset()), location.getLength());
            FileLocations.GroupLocation group = truth.groups().get(i / 3);
            FileLocations.BlockLocation block = group.blocks().stream()
                    .filter(b -> b.index() == location.getOffset() / SharedCluster.BLOCK_SIZE % 3)
                    .findFirst()
                    .orElseThrow();
            String name = block.node().host() + ":" + block.node().dataPort();
            assertArrayEquals(new String[] {name}, location.getNames());
            assertArrayEquals(new String[] {block.node().host()}, location.getHosts());
            assertArrayEquals(
                    new String[] {"/zone-0/" + block.node().rack() + "/" + name}, location.getTopologyPaths());
        }
        BlockLocation[] middle = fs.getFileBlockLocations(file, SharedCluster.BLOCK_SIZE + 1, SharedCluster.BLOCK_SIZE);
        assertEquals(
                List.of(SharedCluster.BLOCK_SIZE, 2 * SharedCluster.BLOCK_SIZE),
                Arrays.stream(middle).map(BlockLocation::getOffset).toList());
        assertEquals(0, fs.getFileBlockLocations(fs.getFileStatus(file), length, 10).length);
    }

    @Test
    void shouldListEveryReplicaOfAReplicatedBlock(TestInfo test) throws IOException {
        Path file = new Path(dir(test), "small");
        write(file, 1000, 2);

        FileStatus status = fs.getFileStatus(file);
        BlockLocation[] locations = fs.getFileBlockLocations(status, 0, 1000);

        assertEquals(3, status.getReplication(), "a small file of an RS-3-2 directory is replicated 3 times");
        assertFalse(status.isErasureCoded());
        assertEquals(1, locations.length);
        assertEquals(3, Set.of(locations[0].getNames()).size());
    }

    @Test
    void shouldMapAReplicationOtherThanTheDefaultToAReplicatedPolicy(TestInfo test) throws IOException {
        Path dir = dir(test);
        Path two = new Path(dir, "two");
        Path inherited = new Path(dir, "inherited");
        byte[] bytes = new byte[(int) (2 * SharedCluster.BLOCK_SIZE)];
        try (FSDataOutputStream out = fs.create(two, true, 4096, (short) 2, SharedCluster.BLOCK_SIZE)) {
            out.write(bytes);
        }
        try (FSDataOutputStream out = fs.create(inherited, true, 4096, fs.getDefaultReplication(inherited), 1 << 20)) {
            out.write(bytes);
        }

        assertEquals(2, fs.getFileStatus(two).getReplication());
        assertFalse(fs.getFileStatus(two).isErasureCoded());
        assertTrue(fs.getFileStatus(inherited).isErasureCoded(), "the default replication inherits RS-3-2");
        assertEquals(1, fs.getFileStatus(inherited).getReplication());
        assertFalse(fs.setReplication(two, (short) 3), "a file keeps the policy it was written with");
    }

    @Test
    void shouldThrowTheExceptionsHdfsThrows(TestInfo test) throws IOException {
        Path dir = dir(test);
        Path file = new Path(dir, "file");
        write(file, 10, 3);

        assertThrows(FileNotFoundException.class, () -> fs.open(dir));
        assertThrows(FileNotFoundException.class, () -> fs.getFileStatus(new Path(dir, "missing")));
        assertThrows(FileNotFoundException.class, () -> fs.listStatus(new Path(dir, "missing")));
        assertThrows(FileAlreadyExistsException.class, () -> fs.create(dir, false));
        assertThrows(FileAlreadyExistsException.class, () -> fs.create(file, false));
        assertThrows(FileAlreadyExistsException.class, () -> fs.mkdirs(file));
        assertThrows(ParentNotDirectoryException.class, () -> fs.mkdirs(new Path(file, "below")));
        assertThrows(PathIsNotEmptyDirectoryException.class, () -> fs.delete(dir, false));
        assertThrows(
                FileNotFoundException.class,
                () -> fs.createNonRecursive(new Path(dir, "no/parent"), true, 4096, (short) 3, 1 << 20, null));
        assertThrows(UnsupportedOperationException.class, () -> fs.append(file));
        assertFalse(fs.rename(new Path(dir, "missing"), new Path(dir, "other")));
        assertFalse(fs.rename(dir, new Path(dir, "inside")));
    }

    @Test
    void shouldKeepPermissionsOwnersAndTimes(TestInfo test) throws IOException {
        Path file = new Path(dir(test), "file");
        write(file, 10, 4);

        fs.setPermission(file, new FsPermission((short) 0600));
        fs.setOwner(file, "alice", "analysts");
        fs.setTimes(file, 1_000_000L, 2_000_000L);

        FileStatus status = fs.getFileStatus(file);
        assertEquals(0600, status.getPermission().toShort());
        assertEquals("alice", status.getOwner());
        assertEquals("analysts", status.getGroup());
        assertEquals(1_000_000L, status.getModificationTime());
        assertEquals(2_000_000L, status.getAccessTime());
    }

    @Test
    void shouldListInPagesAndSummarise(TestInfo test) throws IOException {
        Path dir = dir(test);
        Configuration conf = SharedCluster.configuration();
        conf.setInt(TesseraSettings.LIST_PAGE_SIZE, 3);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            names.add("f" + i);
            write(new Path(dir, "f" + i), 100, i);
        }
        try (FileSystem paged = FileSystem.newInstance(URI.create(SharedCluster.uri()), conf)) {
            assertEquals(
                    names,
                    Arrays.stream(paged.listStatus(dir))
                            .map(s -> s.getPath().getName())
                            .toList());
            assertEquals(fs.makeQualified(new Path(dir, "f3")), paged.listStatus(new Path(dir, "f3"))[0].getPath());
        }
        assertEquals(1000, fs.getContentSummary(dir).getLength());
        assertEquals(10, fs.getContentSummary(dir).getFileCount());
        assertEquals(3000, fs.getContentSummary(dir).getSpaceConsumed(), "three replicas of each small file");
    }

    @Test
    void shouldReadWithByteBuffersAndDeclareItsCapabilitiesHonestly(TestInfo test) throws IOException {
        Path file = new Path(dir(test), "file");
        byte[] bytes = write(file, (int) (2 * SharedCluster.BLOCK_SIZE + 99), 5);

        try (FSDataInputStream in = fs.open(file)) {
            ByteBuffer direct = ByteBuffer.allocateDirect(1000);
            in.readFully(SharedCluster.BLOCK_SIZE - 500, direct);
            direct.flip();
            byte[] got = new byte[1000];
            direct.get(got);
            assertArrayEquals(
                    Arrays.copyOfRange(
                            bytes, (int) SharedCluster.BLOCK_SIZE - 500, (int) SharedCluster.BLOCK_SIZE + 500),
                    got);

            in.seek(10);
            ByteBuffer heap = ByteBuffer.allocate(20);
            assertEquals(20, in.read(heap));
            assertArrayEquals(Arrays.copyOfRange(bytes, 10, 30), heap.array());
            assertEquals(30, in.getPos());

            assertTrue(in.hasCapability(StreamCapabilities.UNBUFFER));
            assertTrue(in.hasCapability(StreamCapabilities.PREADBYTEBUFFER));
            in.unbuffer();
            assertEquals(bytes[30], (byte) in.read());
            IOStatisticAssertions.verifyStatisticCounterValue(
                    in.getIOStatistics(), StreamStatisticNames.STREAM_READ_UNBUFFERED, 1);
        }
        try (FSDataOutputStream out = fs.create(new Path(file.getParent(), "out"))) {
            assertFalse(out.hasCapability(StreamCapabilities.HFLUSH));
            assertFalse(out.hasCapability(StreamCapabilities.HSYNC));
            assertTrue(out.hasCapability(StreamCapabilities.IOSTATISTICS));
        }
        assertTrue(fs.hasPathCapability(file, CommonPathCapabilities.FS_PERMISSIONS));
        assertFalse(fs.hasPathCapability(file, CommonPathCapabilities.FS_APPEND));
    }

    @Test
    void shouldConcatenateWholeBlockGroupsWithoutCopying(TestInfo test) throws IOException {
        Path dir = dir(test);
        int group = (int) (3 * SharedCluster.BLOCK_SIZE);
        Path target = new Path(dir, "target");
        Path first = new Path(dir, "first");
        Path last = new Path(dir, "last");
        byte[] a = write(target, group, 11);
        byte[] b = write(first, group, 12);
        byte[] c = write(last, group / 2 + 5, 13);
        Path partial = new Path(dir, "partial");
        write(partial, group / 2, 14);

        fs.concat(target, new Path[] {first, last});

        byte[] read = new byte[a.length + b.length + c.length];
        try (FSDataInputStream in = fs.open(target)) {
            in.readFully(0, read);
        }
        byte[] expected = new byte[read.length];
        System.arraycopy(a, 0, expected, 0, a.length);
        System.arraycopy(b, 0, expected, a.length, b.length);
        System.arraycopy(c, 0, expected, a.length + b.length, c.length);
        assertArrayEquals(expected, read);
        assertFalse(fs.exists(first));
        assertFalse(fs.exists(last));
        assertEquals(8, fs.getFileBlockLocations(target, 0, read.length).length);
        IOException refused = assertThrows(IOException.class, () -> fs.concat(partial, new Path[] {target}));
        assertTrue(refused.getMessage().contains("whole groups"), refused.getMessage());
        assertTrue(fs.hasPathCapability(target, CommonPathCapabilities.FS_CONCAT));
    }

    @Test
    void shouldListLocatedStatusInPagesWithTheLocationsOfEachFile(TestInfo test) throws IOException {
        Path dir = dir(test);
        write(new Path(dir, "a-small"), 500, 21);
        write(new Path(dir, "b-large"), (int) (2 * SharedCluster.BLOCK_SIZE + 3), 22);
        fs.mkdirs(new Path(dir, "c-directory"));
        write(new Path(dir, "d-large"), (int) (4 * SharedCluster.BLOCK_SIZE), 23);
        Configuration conf = SharedCluster.configuration();
        conf.setInt(TesseraSettings.LIST_PAGE_SIZE, 2);

        List<org.apache.hadoop.fs.LocatedFileStatus> listed = new ArrayList<>();
        try (FileSystem paged = FileSystem.newInstance(URI.create(SharedCluster.uri()), conf)) {
            org.apache.hadoop.fs.RemoteIterator<org.apache.hadoop.fs.LocatedFileStatus> iterator =
                    paged.listLocatedStatus(dir);
            while (iterator.hasNext()) {
                listed.add(iterator.next());
            }
            assertEquals(
                    1, paged.listLocatedStatus(new Path(dir, "b-large")).next().getBlockLocations().length - 2);
        }

        assertEquals(
                List.of("a-small", "b-large", "c-directory", "d-large"),
                listed.stream().map(s -> s.getPath().getName()).toList());
        for (org.apache.hadoop.fs.LocatedFileStatus status : listed) {
            assertEquals(fs.getFileStatus(status.getPath()), status);
            if (status.isDirectory()) {
                assertEquals(0, status.getBlockLocations().length);
                continue;
            }
            BlockLocation[] expected = fs.getFileBlockLocations(status, 0, status.getLen());
            assertEquals(describe(expected), describe(status.getBlockLocations()));
        }
    }

    private static List<String> describe(BlockLocation[] locations) throws IOException {
        List<String> described = new ArrayList<>();
        for (BlockLocation location : locations) {
            described.add(location.getOffset() + "+" + location.getLength() + " " + Arrays.toString(location.getNames())
                    + " " + Arrays.toString(location.getTopologyPaths()));
        }
        return described;
    }

    @Test
    void shouldWorkThroughFileContext(TestInfo test) throws IOException {
        Path dir = dir(test);
        FileContext context =
                FileContext.getFileContext(URI.create(SharedCluster.uri()), SharedCluster.configuration());
        Path file = new Path(dir, "via-file-context");
        try (FSDataOutputStream out = context.create(
                file,
                java.util.EnumSet.of(org.apache.hadoop.fs.CreateFlag.CREATE),
                Options.CreateOpts.createParent())) {
            out.write(new byte[] {1, 2, 3});
        }
        Path renamed = new Path(dir, "renamed");
        context.rename(file, renamed);

        try (FSDataInputStream in = context.open(renamed)) {
            assertEquals(1, in.read());
        }
        assertEquals(3, context.getFileStatus(renamed).getLen());
        assertEquals(
                Set.of("renamed"),
                Arrays.stream(context.util().listStatus(dir))
                        .map(s -> s.getPath().getName())
                        .collect(Collectors.toSet()));
    }
}
