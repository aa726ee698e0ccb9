package io.tessera.client;

import io.aeron.driver.MediaDriver;
import io.tessera.common.ErrorCode;
import io.tessera.common.StoragePolicy;
import io.tessera.common.TesseraException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.agrona.CloseHelper;

/**
 * The client applications link: files in and out of a Tessera cluster. Namespace calls go to the
 * metadata service; blocks move between this process and the storage servers over Aeron. One client
 * serves many threads and many open files; it renews the leases of the files it writes while they are
 * open. Close it to stop its threads and its media driver.
 */
public final class TesseraClient implements AutoCloseable {
    private final Context context;
    private final MediaDriver driver;
    private final MetadataClient metadata;
    private final DataPlaneClient dataPlane;
    private final String leaseHolder;
    private final Set<TesseraOutputStream> openWriters = Collections.newSetFromMap(new IdentityHashMap<>());
    private final ScheduledExecutorService leaseRenewer;
    private boolean closed;

    private TesseraClient(Context context, MediaDriver driver, MetadataClient metadata, DataPlaneClient dataPlane) {
        this.context = context;
        this.driver = driver;
        this.metadata = metadata;
        this.dataPlane = dataPlane;
        this.leaseHolder = "tessera-client-" + UUID.randomUUID();
        this.leaseRenewer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tessera-lease-renewer");
            thread.setDaemon(true);
            return thread;
        });
        long period = context.leaseRenewalPeriodMs();
        leaseRenewer.scheduleAtFixedRate(this::renewLeases, period, period, TimeUnit.MILLISECONDS);
    }

    /** Connects to the metadata service at {@code context.metaAddress()}; see {@link Context}. */
    public static TesseraClient connect(Context context) {
        context.conclude();
        MediaDriver driver = null;
        MetadataClient metadata = null;
        DataPlaneClient dataPlane = null;
        try {
            String directory = context.aeronDirectoryName();
            if (directory == null) {
                directory = TesseraMediaDriver.directory("tessera-client", UUID.randomUUID());
                driver = TesseraMediaDriver.launch(directory);
            }
            metadata = MetadataClient.connect(new MetadataClient.Context()
                    .aeronDirectoryName(directory)
                    .metaAddresses(context.metaAddresses())
                    .responseTimeout(context.operationTimeoutNs(), TimeUnit.NANOSECONDS));
            dataPlane = DataPlaneClient.connect(new DataPlaneClient.Context()
                    .aeronDirectoryName(directory)
                    .replyHost(context.replyHost())
                    .operationTimeout(context.operationTimeoutNs(), TimeUnit.NANOSECONDS));
            return new TesseraClient(context, driver, metadata, dataPlane);
        } catch (RuntimeException e) {
            CloseHelper.quietCloseAll(dataPlane, metadata, driver);
            throw e;
        }
    }

    /** Creates {@code path} for writing; see {@link CreateOptions}. */
    public TesseraOutputStream create(String path, CreateOptions options) {
        CreatedFile file = metadata.create(
                path,
                options.overwrite(),
                options.createParent(),
                options.permission(),
                options.blockSize(),
                options.policy(),
                context.user(),
                leaseHolder);
        TesseraOutputStream stream = new TesseraOutputStream(this, path, file);
        synchronized (openWriters) {
            openWriters.add(stream);
        }
        return stream;
    }

    /** Opens a closed file for reading. */
    public TesseraInputStream open(String path) {
        FileStatus status = metadata.getFileStatus(path);
        if (status.directory()) {
            throw new TesseraException(ErrorCode.IS_A_DIRECTORY, path + " is a directory");
        }
        FileLocations locations = metadata.locate(path, 0, status.length());
        return new TesseraInputStream(new FileReader(this, path, locations));
    }

    public FileStatus getFileStatus(String path) {
        return metadata.getFileStatus(path);
    }

    /** One page of a directory's entries in name order, after {@code startAfter} (empty for the first). */
    public ListingPage listStatus(String path, String startAfter, int limit) {
        return metadata.listStatus(path, startAfter, limit);
    }

    /**
     * One page of a directory's entries with the block locations of every file, after {@code startAfter}
     * (empty for the first): what a scheduler planning splits needs, in one round trip per page.
     */
    public LocatedListingPage listLocatedStatus(String path, String startAfter, int limit) {
        return metadata.listLocatedStatus(path, startAfter, limit);
    }

    /**
     * Appends the block groups of closed {@code sources}, in order, to closed {@code target} in the same
     * directory and removes the sources; no byte moves, so every file but the last must hold whole groups.
     */
    public void concat(String target, java.util.List<String> sources) {
        metadata.concat(target, sources);
    }

    /** Creates the directory and its missing parents; false when it already existed. */
    public boolean mkdirs(String path, int permission) {
        return metadata.mkdirs(path, permission, context.user());
    }

    /** Moves {@code source} atomically; into {@code destination} when that is a directory. */
    public void rename(String source, String destination) {
        metadata.rename(source, destination);
    }

    /** Deletes a file or directory; false when there was nothing to delete. */
    public boolean delete(String path, boolean recursive) {
        return metadata.delete(path, recursive);
    }

    public void setPolicy(String path, StoragePolicy policy) {
        metadata.setPolicy(path, policy);
    }

    public void setPermission(String path, int permission) {
        metadata.setPermission(path, permission);
    }

    public void setOwner(String path, String owner, String group) {
        metadata.setOwner(path, owner, group);
    }

    public void setTimes(String path, long modificationTime, long accessTime) {
        metadata.setTimes(path, modificationTime, accessTime);
    }

    public ContentSummary contentSummary(String path) {
        return metadata.contentSummary(path);
    }

    /** Where the blocks of {@code [offset, offset + length)} of a file are. */
    public FileLocations locate(String path, long offset, long length) {
        return metadata.locate(path, offset, length);
    }

    /** The metadata calls, for the CLI's admin commands and for storage servers. */
    public MetadataClient metadata() {
        return metadata;
    }

    DataPlaneClient dataPlane() {
        return dataPlane;
    }

    Context context() {
        return context;
    }

    String leaseHolder() {
        return leaseHolder;
    }

    void writerClosed(TesseraOutputStream stream) {
        synchronized (openWriters) {
            openWriters.remove(stream);
        }
    }

    /** Tells the metadata service a block is bad, without holding up the read that found it. */
    void reportBadBlock(long group, int index, int nodeId, TesseraException error) {
        leaseRenewer.execute(() -> {
            try {
                metadata.reportBadBlock(group, index, nodeId, error.code(), error.getMessage());
            } catch (TesseraException e) {
                context.errorHandler().accept(e);
            }
        });
    }

    private void renewLeases() {
        boolean writing;
        synchronized (openWriters) {
            writing = !openWriters.isEmpty();
        }
        if (writing) {
            try {
                metadata.renewLease(leaseHolder);
            } catch (TesseraException e) {
                context.errorHandler().accept(e);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            leaseRenewer.shutdownNow();
            CloseHelper.closeAll(dataPlane, metadata, driver);
        }
    }

    /** How to create a file: defaults are overwrite off, parents created, 0644, inherited policy and size. */
    public record CreateOptions(
            boolean overwrite, boolean createParent, int permission, long blockSize, StoragePolicy policy) {
        public static CreateOptions defaults() {
            return new CreateOptions(false, true, 0644, 0, null);
        }

        public CreateOptions overwrite(boolean value) {
            return new CreateOptions(value, createParent, permission, blockSize, policy);
        }

        public CreateOptions blockSize(long value) {
            return new CreateOptions(overwrite, createParent, permission, value, policy);
        }

        public CreateOptions policy(StoragePolicy value) {
            return new CreateOptions(overwrite, createParent, permission, blockSize, value);
        }

        public CreateOptions permission(int value) {
            return new CreateOptions(overwrite, createParent, value, blockSize, policy);
        }

        public CreateOptions createParent(boolean value) {
            return new CreateOptions(overwrite, value, permission, blockSize, policy);
        }
    }

    /** Configuration, validated once by {@link #conclude()}. */
    public static final class Context {
        public static final String META_ENV = "TESSERA_META";

        private String metaAddresses = defaultMeta();
        private String aeronDirectoryName;
        private String replyHost = "127.0.0.1";
        private String user = System.getProperty("user.name", "tessera");
        private long writerMemoryBudget = 64L * 1024 * 1024;
        private long operationTimeoutNs = TimeUnit.SECONDS.toNanos(30);
        private long leaseRenewalPeriodMs = 10_000;
        private int smallFileThreshold = 1024 * 1024;
        private java.util.function.Consumer<Throwable> errorHandler = e -> {};

        private static String defaultMeta() {
            String fromEnv = System.getenv(META_ENV);
            return fromEnv == null || fromEnv.isBlank() ? "127.0.0.1:7100" : fromEnv;
        }

        void conclude() {
            Objects.requireNonNull(metaAddresses, "metaAddresses");
            if (writerMemoryBudget < 4L * TesseraOutputStream.BUFFER_SIZE) {
                throw new IllegalArgumentException("the writer memory budget must hold at least its 4 MiB of buffers");
            }
        }

        /** The metadata service: {@code host:port}, or every member's, comma-separated. */
        public Context metaAddresses(String addresses) {
            this.metaAddresses = addresses;
            return this;
        }

        public String metaAddresses() {
            return metaAddresses;
        }

        /** A media driver to share (storage servers attached to it are reached over IPC); null launches one. */
        public Context aeronDirectoryName(String directory) {
            this.aeronDirectoryName = directory;
            return this;
        }

        public String aeronDirectoryName() {
            return aeronDirectoryName;
        }

        /** The address storage servers can reach this client at for replies. */
        public Context replyHost(String host) {
            this.replyHost = host;
            return this;
        }

        String replyHost() {
            return replyHost;
        }

        /** The owner recorded for files and directories this client creates. */
        public Context user(String user) {
            this.user = user;
            return this;
        }

        String user() {
            return user;
        }

        /** Memory one open file for writing may hold: buffers plus parity accumulators. 64 MiB by default. */
        public Context writerMemoryBudget(long bytes) {
            this.writerMemoryBudget = bytes;
            return this;
        }

        long writerMemoryBudget() {
            return writerMemoryBudget;
        }

        public Context operationTimeout(long duration, TimeUnit unit) {
            this.operationTimeoutNs = unit.toNanos(duration);
            return this;
        }

        long operationTimeoutNs() {
            return operationTimeoutNs;
        }

        /**
         * Files of an erasure-coded directory that close at or below this size are replicated instead
         * (1 MiB by default; 0 turns it off): parity over one short block costs as much as copies.
         */
        public Context smallFileThreshold(int bytes) {
            this.smallFileThreshold = bytes;
            return this;
        }

        int smallFileThreshold() {
            return smallFileThreshold;
        }

        long leaseRenewalPeriodMs() {
            return leaseRenewalPeriodMs;
        }

        /** Where errors that reach no caller go (failed lease renewals, bad-block reports). */
        public Context errorHandler(java.util.function.Consumer<Throwable> handler) {
            this.errorHandler = handler;
            return this;
        }

        java.util.function.Consumer<Throwable> errorHandler() {
            return errorHandler;
        }
    }
}
