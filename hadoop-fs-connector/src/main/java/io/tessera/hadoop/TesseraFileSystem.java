package io.tessera.hadoop;

import io.tessera.client.FileLocations;
import io.tessera.client.ListingPage;
import io.tessera.client.LocatedListingPage;
import io.tessera.client.TesseraClient;
import io.tessera.common.ErrorCode;
import io.tessera.common.StoragePolicy;
import io.tessera.common.TesseraException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.CommonPathCapabilities;
import org.apache.hadoop.fs.ContentSummary;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.PathIsNotEmptyDirectoryException;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.util.Progressable;

/**
 * {@code tessera://HOST:PORT/path} for Hadoop, Spark and Flink: Hadoop's {@link FileSystem} over one
 * {@link TesseraClient} per metadata service (shared by every instance of this JVM that names it, see
 * {@link SharedClients}). Semantics are HDFS's — atomic rename and delete, strict exceptions, seeks past
 * the end refused, files visible with their whole length when closed — as {@code contract/tessera.xml}
 * in the tests states. Block locations give one entry per data block with its hosts and topology, so
 * schedulers place tasks where the data is. Configuration: {@link TesseraSettings}, docs/hadoop.md.
 */
public class TesseraFileSystem extends FileSystem {
    public static final String SCHEME = "tessera";

    static {
        // FileContext's binding has no service loader: name it in defaults every Configuration reads.
        Configuration.addDefaultResource("tessera-default.xml");
    }

    private URI uri;
    private TesseraSettings settings;
    private SharedClients.Key clientKey;
    private TesseraClient client;
    private Path workingDirectory;
    private boolean closed;

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public void initialize(URI name, Configuration conf) throws IOException {
        super.initialize(name, conf);
        setConf(conf);
        settings = TesseraSettings.read(name, conf);
        uri = name.getAuthority() == null || name.getAuthority().isEmpty()
                ? URI.create(SCHEME + ":///")
                : URI.create(SCHEME + "://" + settings.metaAddress());
        String user = UserGroupInformation.getCurrentUser().getShortUserName();
        clientKey = settings.clientKey(user);
        try {
            client = SharedClients.acquire(clientKey, () -> TesseraClient.connect(settings.clientContext(user)));
        } catch (TesseraException e) {
            throw HadoopErrors.translate("connect to", settings.metaAddress(), e);
        }
        workingDirectory = makeQualified(new Path("/user", user));
        if (settings.parquetAlignment()) {
            ParquetBlockAlignment.register(SCHEME);
        }
    }

    @Override
    public URI getUri() {
        return uri;
    }

    @Override
    protected int getDefaultPort() {
        return TesseraSettings.DEFAULT_PORT;
    }

    /** No delegation tokens: the canonical service name is null, as for file://. */
    @Override
    public String getCanonicalServiceName() {
        return null;
    }

    @Override
    public Path getWorkingDirectory() {
        return workingDirectory;
    }

    @Override
    public void setWorkingDirectory(Path directory) {
        workingDirectory = makeQualified(directory);
    }

    /** The path part the metadata service knows, for {@code path} qualified against this file system. */
    String pathOf(Path path) {
        Path qualified = makeQualified(path);
        String name = qualified.toUri().getPath();
        return name.isEmpty() ? "/" : name;
    }

    private Path qualify(String name) {
        return new Path(uri.getScheme(), uri.getAuthority(), name);
    }

    @Override
    public FSDataInputStream open(Path path, int bufferSize) throws IOException {
        checkOpen();
        String name = pathOf(path);
        statistics.incrementReadOps(1);
        try {
            return new FSDataInputStream(new TesseraFsInputStream(client.open(name), name, statistics));
        } catch (TesseraException e) {
            if (e.code() == ErrorCode.IS_A_DIRECTORY) {
                throw (IOException) new FileNotFoundException("open " + name + ": is a directory").initCause(e);
            }
            throw HadoopErrors.translate("open", name, e);
        }
    }

    @Override
    public FSDataOutputStream create(
            Path path,
            FsPermission permission,
            boolean overwrite,
            int bufferSize,
            short replication,
            long blockSize,
            Progressable progress)
            throws IOException {
        return create(path, permission, overwrite, true, replication, blockSize);
    }

    @Override
    public FSDataOutputStream createNonRecursive(
            Path path,
            FsPermission permission,
            EnumSet<CreateFlag> flags,
            int bufferSize,
            short replication,
            long blockSize,
            Progressable progress)
            throws IOException {
        return create(path, permission, flags.contains(CreateFlag.OVERWRITE), false, replication, blockSize);
    }

    private FSDataOutputStream create(
            Path path,
            FsPermission permission,
            boolean overwrite,
            boolean createParent,
            short replication,
            long blockSize)
            throws IOException {
        checkOpen();
        String name = pathOf(path);
        FsPermission applied = (permission == null ? FsPermission.getFileDefault() : permission)
                .applyUMask(FsPermission.getUMask(getConf()));
        TesseraClient.CreateOptions options = TesseraClient.CreateOptions.defaults()
                .overwrite(overwrite)
                .createParent(createParent)
                .permission(applied.toShort() & 07777)
                .blockSize(settings.blockSize() != 0 ? settings.blockSize() : blockSizeAsked(blockSize))
                .policy(policyFor(replication));
        statistics.incrementWriteOps(1);
        try {
            return new FSDataOutputStream(new TesseraFsOutputStream(client.create(name, options)), statistics);
        } catch (TesseraException e) {
            throw HadoopErrors.translate("create", name, e);
        }
    }

    /**
     * Callers pass {@link #getDefaultBlockSize(Path)} when they do not choose: that is the directory's
     * size, so asking for it is the same as inheriting it.
     */
    private static long blockSizeAsked(long blockSize) {
        return Math.max(0, blockSize);
    }

    /**
     * The replication mapping (docs/hadoop.md): the configured policy if any; else the default replication
     * means "the directory's policy", and any other {@code n} asks for {@code REPLICATED-min(n, 3)}.
     */
    StoragePolicy policyFor(short replication) {
        if (settings.createPolicy() != null) {
            return settings.createPolicy();
        }
        if (replication <= 0 || replication == settings.defaultReplication()) {
            return null;
        }
        return switch (Math.min(replication, 3)) {
            case 1 -> StoragePolicy.REPLICATED_1;
            case 2 -> StoragePolicy.REPLICATED_2;
            default -> StoragePolicy.REPLICATED_3;
        };
    }

    /**
     * Metadata only, as in HDFS: the sources' block groups move to the end of the target and the sources
     * disappear, atomically. All files must be closed, in one directory, with one policy and block size,
     * and hold whole block groups — except the last source — because blocks stay where they are.
     */
    @Override
    public void concat(Path target, Path[] sources) throws IOException {
        checkOpen();
        String into = pathOf(target);
        if (sources.length == 0) {
            throw new IllegalArgumentException("concat " + into + ": no source files named");
        }
        List<String> from = new ArrayList<>(sources.length);
        for (Path source : sources) {
            from.add(pathOf(source));
        }
        statistics.incrementWriteOps(1);
        try {
            client.concat(into, from);
        } catch (TesseraException e) {
            throw HadoopErrors.translate("concat " + from + " to", into, e);
        }
    }

    /** Append is not offered: a closed file's last block group already has its parity committed. */
    @Override
    public FSDataOutputStream append(Path path, int bufferSize, Progressable progress) throws IOException {
        throw new UnsupportedOperationException(
                "append is not supported by tessera://: closed files are immutable (" + path + ")");
    }

    @Override
    public boolean rename(Path source, Path destination) throws IOException {
        checkOpen();
        String from = pathOf(source);
        String to = pathOf(destination);
        statistics.incrementWriteOps(1);
        try {
            client.rename(from, to);
            return true;
        } catch (TesseraException e) {
            // HDFS's rename(Path, Path) answers false, not an exception, for these.
            return switch (e.code()) {
                case NOT_FOUND, ALREADY_EXISTS, PARENT_NOT_FOUND, NOT_A_DIRECTORY, INVALID_ARGUMENT -> false;
                default -> throw HadoopErrors.translate("rename " + from + " to", to, e);
            };
        }
    }

    @Override
    public boolean delete(Path path, boolean recursive) throws IOException {
        checkOpen();
        String name = pathOf(path);
        statistics.incrementWriteOps(1);
        try {
            if (name.equals("/")) {
                return deleteRoot(recursive);
            }
            return client.delete(name, recursive);
        } catch (TesseraException e) {
            throw HadoopErrors.translate("delete", name, e);
        }
    }

    /** The root is never deleted (false, as HDFS); a non-recursive delete of a non-empty root fails as any. */
    private boolean deleteRoot(boolean recursive) throws IOException {
        if (!recursive && !client.listStatus("/", "", 1).entries().isEmpty()) {
            throw new PathIsNotEmptyDirectoryException("delete /: the root directory is not empty");
        }
        return false;
    }

    @Override
    public FileStatus[] listStatus(Path path) throws IOException {
        List<FileStatus> entries = new ArrayList<>();
        RemoteIterator<FileStatus> iterator = listStatusIterator(path);
        while (iterator.hasNext()) {
            entries.add(iterator.next());
        }
        return entries.toArray(new FileStatus[0]);
    }

    /** Pages through the directory, one metadata round trip per {@code fs.tessera.list.page-size} entries. */
    @Override
    public RemoteIterator<FileStatus> listStatusIterator(Path path) throws IOException {
        checkOpen();
        String name = pathOf(path);
        ListingPage first = listPage(name, "");
        if (isFileItself(name, first)) {
            FileStatus file = getFileStatus(path);
            return singleton(file);
        }
        String prefix = name.endsWith("/") ? name : name + "/";
        return new RemoteIterator<>() {
            private ListingPage page = first;
            private int next;

            @Override
            public boolean hasNext() throws IOException {
                if (next < page.entries().size()) {
                    return true;
                }
                if (!page.more() || page.entries().isEmpty()) {
                    return false;
                }
                String last = page.entries().get(page.entries().size() - 1).path();
                page = listPage(name, last);
                next = 0;
                return !page.entries().isEmpty();
            }

            @Override
            public FileStatus next() throws IOException {
                if (!hasNext()) {
                    throw new NoSuchElementException("no more entries in " + name);
                }
                io.tessera.client.FileStatus entry = page.entries().get(next++);
                return toHadoop(entry, prefix + entry.path());
            }
        };
    }

    /**
     * The entries with their block locations, one metadata round trip per page of files (not one per
     * file, as {@code FileSystem}'s own implementation makes): what Spark and MapReduce plan splits from.
     */
    @Override
    public RemoteIterator<LocatedFileStatus> listLocatedStatus(Path path) throws IOException {
        checkOpen();
        String name = pathOf(path);
        LocatedListingPage first = locatedPage(name, "");
        String prefix = name.endsWith("/") ? name : name + "/";
        boolean fileItself = first.entries().size() == 1
                && !first.more()
                && !first.entries().get(0).status().directory()
                && isFileItself(
                        name, new ListingPage(List.of(first.entries().get(0).status()), false));
        return new RemoteIterator<>() {
            private LocatedListingPage page = first;
            private int next;

            @Override
            public boolean hasNext() throws IOException {
                if (next < page.entries().size()) {
                    return true;
                }
                if (!page.more() || page.entries().isEmpty()) {
                    return false;
                }
                String last =
                        page.entries().get(page.entries().size() - 1).status().path();
                page = locatedPage(name, last);
                next = 0;
                return !page.entries().isEmpty();
            }

            @Override
            public LocatedFileStatus next() throws IOException {
                if (!hasNext()) {
                    throw new NoSuchElementException("no more entries in " + name);
                }
                LocatedListingPage.Entry entry = page.entries().get(next++);
                FileStatus status = toHadoop(
                        entry.status(),
                        fileItself ? name : prefix + entry.status().path());
                BlockLocation[] blocks = entry.locations() == null
                        ? new BlockLocation[0]
                        : BlockLocations.of(entry.locations(), 0, status.getLen());
                return new LocatedFileStatus(status, blocks);
            }
        };
    }

    private LocatedListingPage locatedPage(String name, String startAfter) throws IOException {
        statistics.incrementReadOps(1);
        try {
            return client.listLocatedStatus(name, startAfter, settings.listPageSize());
        } catch (TesseraException e) {
            throw HadoopErrors.translate("list", name, e);
        }
    }

    /**
     * Listing a file gives that file, as one entry named like it; a directory holding one file of its own
     * name looks the same, and a stat tells them apart.
     */
    private boolean isFileItself(String name, ListingPage first) throws IOException {
        if (first.more()
                || first.entries().size() != 1
                || first.entries().get(0).directory()) {
            return false;
        }
        String entryName = first.entries().get(0).path();
        return name.substring(name.lastIndexOf('/') + 1).equals(entryName)
                && !getFileStatus(new Path(name)).isDirectory();
    }

    private static RemoteIterator<FileStatus> singleton(FileStatus status) {
        return new RemoteIterator<>() {
            private boolean done;

            @Override
            public boolean hasNext() {
                return !done;
            }

            @Override
            public FileStatus next() {
                if (done) {
                    throw new NoSuchElementException();
                }
                done = true;
                return status;
            }
        };
    }

    private ListingPage listPage(String name, String startAfter) throws IOException {
        statistics.incrementReadOps(1);
        try {
            return client.listStatus(name, startAfter, settings.listPageSize());
        } catch (TesseraException e) {
            throw HadoopErrors.translate("list", name, e);
        }
    }

    @Override
    public boolean mkdirs(Path path, FsPermission permission) throws IOException {
        checkOpen();
        String name = pathOf(path);
        FsPermission applied = (permission == null ? FsPermission.getDirDefault() : permission)
                .applyUMask(FsPermission.getUMask(getConf()));
        statistics.incrementWriteOps(1);
        try {
            client.mkdirs(name, applied.toShort() & 07777);
            return true;
        } catch (TesseraException e) {
            if (e.code() == ErrorCode.NOT_A_DIRECTORY && isFile(name)) {
                throw (IOException)
                        new FileAlreadyExistsException("mkdirs " + name + ": a file exists there").initCause(e);
            }
            throw HadoopErrors.translate("mkdirs", name, e);
        }
    }

    private boolean isFile(String name) {
        try {
            return !client.getFileStatus(name).directory();
        } catch (TesseraException e) {
            return false;
        }
    }

    @Override
    public FileStatus getFileStatus(Path path) throws IOException {
        checkOpen();
        String name = pathOf(path);
        statistics.incrementReadOps(1);
        try {
            return toHadoop(client.getFileStatus(name));
        } catch (TesseraException e) {
            throw HadoopErrors.translate("getFileStatus", name, e);
        }
    }

    FileStatus toHadoop(io.tessera.client.FileStatus status) {
        return toHadoop(status, status.path());
    }

    /** Hadoop's status of {@code status}, found at {@code path} (listing entries carry only their name). */
    FileStatus toHadoop(io.tessera.client.FileStatus status, String path) {
        StoragePolicy policy = status.effectivePolicy();
        boolean erasureCoded = policy != null && policy.isErasureCoded();
        short replication = status.directory() || policy == null || erasureCoded ? 1 : (short) policy.width();
        return new FileStatus(
                status.length(),
                status.directory(),
                replication,
                status.blockSize(),
                status.modificationTime(),
                status.accessTime(),
                new FsPermission((short) status.permission()),
                status.owner(),
                status.group(),
                null,
                qualify(path),
                erasureCoded ? EnumSet.of(FileStatus.AttrFlags.HAS_EC) : EnumSet.noneOf(FileStatus.AttrFlags.class));
    }

    @Override
    public BlockLocation[] getFileBlockLocations(FileStatus file, long start, long length) throws IOException {
        if (file == null) {
            return null;
        }
        if (start < 0 || length < 0) {
            throw new IllegalArgumentException("invalid start or length: " + start + ", " + length);
        }
        if (file.isDirectory() || file.getLen() <= start || length == 0) {
            return new BlockLocation[0];
        }
        return getFileBlockLocations(file.getPath(), start, length);
    }

    @Override
    public BlockLocation[] getFileBlockLocations(Path path, long start, long length) throws IOException {
        checkOpen();
        if (start < 0 || length < 0) {
            throw new IllegalArgumentException("invalid start or length: " + start + ", " + length);
        }
        String name = pathOf(path);
        statistics.incrementReadOps(1);
        try {
            FileLocations locations = client.locate(name, start, length);
            return BlockLocations.of(locations, start, length);
        } catch (TesseraException e) {
            throw HadoopErrors.translate("getFileBlockLocations", name, e);
        }
    }

    @Override
    public ContentSummary getContentSummary(Path path) throws IOException {
        checkOpen();
        String name = pathOf(path);
        statistics.incrementReadOps(1);
        try {
            io.tessera.client.ContentSummary summary = client.contentSummary(name);
            return new ContentSummary.Builder()
                    .length(summary.length())
                    .fileCount(summary.fileCount())
                    .directoryCount(summary.directoryCount())
                    .spaceConsumed(summary.spaceConsumed())
                    .quota(-1)
                    .spaceQuota(-1)
                    .build();
        } catch (TesseraException e) {
            throw HadoopErrors.translate("getContentSummary", name, e);
        }
    }

    @Override
    public void setTimes(Path path, long modificationTime, long accessTime) throws IOException {
        checkOpen();
        String name = pathOf(path);
        statistics.incrementWriteOps(1);
        try {
            client.setTimes(name, modificationTime, accessTime);
        } catch (TesseraException e) {
            throw HadoopErrors.translate("setTimes", name, e);
        }
    }

    @Override
    public void setPermission(Path path, FsPermission permission) throws IOException {
        checkOpen();
        String name = pathOf(path);
        statistics.incrementWriteOps(1);
        try {
            client.setPermission(name, permission.toShort() & 07777);
        } catch (TesseraException e) {
            throw HadoopErrors.translate("setPermission", name, e);
        }
    }

    @Override
    public void setOwner(Path path, String owner, String group) throws IOException {
        checkOpen();
        String name = pathOf(path);
        statistics.incrementWriteOps(1);
        try {
            client.setOwner(name, owner, group);
        } catch (TesseraException e) {
            throw HadoopErrors.translate("setOwner", name, e);
        }
    }

    /** A file keeps the policy it was written with: replication cannot change afterwards. */
    @Override
    public boolean setReplication(Path path, short replication) throws IOException {
        getFileStatus(path);
        return false;
    }

    /**
     * The block size new files under {@code path} get: {@code fs.tessera.block.size} when set, else the
     * one of the nearest existing directory (Parquet aligns row groups to it).
     */
    @Override
    public long getDefaultBlockSize(Path path) {
        if (settings.blockSize() != 0) {
            return settings.blockSize();
        }
        String name = pathOf(path);
        while (true) {
            try {
                return client.getFileStatus(name).blockSize();
            } catch (TesseraException e) {
                if (name.equals("/")) {
                    return getDefaultBlockSize();
                }
                int slash = name.lastIndexOf('/');
                name = slash <= 0 ? "/" : name.substring(0, slash);
            }
        }
    }

    @Override
    public long getDefaultBlockSize() {
        return settings.blockSize() != 0 ? settings.blockSize() : 128L << 20;
    }

    @Override
    public short getDefaultReplication() {
        return settings.defaultReplication();
    }

    @Override
    public short getDefaultReplication(Path path) {
        return settings.defaultReplication();
    }

    @Override
    public boolean hasPathCapability(Path path, String capability) throws IOException {
        return switch (org.apache.hadoop.fs.impl.PathCapabilitiesSupport.validatePathCapabilityArgs(
                makeQualified(path), capability)) {
            case CommonPathCapabilities.FS_PERMISSIONS, CommonPathCapabilities.FS_CONCAT -> true;
            case CommonPathCapabilities.FS_APPEND,
                    CommonPathCapabilities.FS_CHECKSUMS,
                    CommonPathCapabilities.FS_SYMLINKS,
                    CommonPathCapabilities.FS_TRUNCATE -> false;
            default -> super.hasPathCapability(path, capability.toLowerCase(Locale.ROOT));
        };
    }

    private void checkOpen() throws IOException {
        if (closed) {
            throw new IOException("tessera file system " + uri + " is closed");
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            super.close();
        } finally {
            closed = true;
            if (client != null) {
                SharedClients.release(clientKey);
                client = null;
            }
        }
    }

    @Override
    public String toString() {
        return "TesseraFileSystem{" + uri + ", meta " + (settings == null ? "?" : settings.metaAddress()) + "}";
    }
}
