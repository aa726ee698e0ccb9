package io.tessera.hadoop;

import io.tessera.client.TesseraClient;
import io.tessera.common.StoragePolicy;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;

/**
 * The connector's configuration ({@code fs.tessera.*}, documented in docs/hadoop.md), read and validated
 * once when a FileSystem is initialized.
 *
 * @param metaAddress the metadata service: the URI's authority, else {@value #META_ADDRESS}
 * @param aeronDirectory a media driver to share, or null to embed one
 * @param replyHost the address storage servers reach this client at
 * @param blockSize block size for new files, 0 for the directory's
 * @param createPolicy policy for new files, null for the directory's (or the one a replication asks for)
 * @param defaultReplication the replication reported as default; a create asking for another picks
 *     {@code REPLICATED-min(n, 3)}
 * @param operationTimeoutMs how long one metadata or data-plane operation may take
 * @param writerMemory memory one open file for writing may hold, 0 for the client's default
 * @param listPageSize entries per listing round trip
 * @param parquetAlignment whether to tell parquet-hadoop that tessera:// has blocks to align row groups to
 */
record TesseraSettings(
        String metaAddress,
        String aeronDirectory,
        String replyHost,
        long blockSize,
        StoragePolicy createPolicy,
        short defaultReplication,
        long operationTimeoutMs,
        long writerMemory,
        int listPageSize,
        boolean parquetAlignment) {

    static final String PREFIX = "fs.tessera.";
    static final String META_ADDRESS = PREFIX + "meta.address";
    static final String AERON_DIR = PREFIX + "aeron.dir";
    static final String REPLY_HOST = PREFIX + "reply.host";
    static final String BLOCK_SIZE = PREFIX + "block.size";
    static final String CREATE_POLICY = PREFIX + "create.policy";
    static final String REPLICATION = PREFIX + "replication";
    static final String OPERATION_TIMEOUT = PREFIX + "operation.timeout";
    static final String WRITER_MEMORY = PREFIX + "writer.memory";
    static final String LIST_PAGE_SIZE = PREFIX + "list.page-size";
    static final String PARQUET_ALIGNMENT = PREFIX + "parquet.block-alignment";

    static final int DEFAULT_PORT = 7100;

    static TesseraSettings read(URI uri, Configuration conf) {
        String policyName = conf.getTrimmed(CREATE_POLICY, "");
        TesseraSettings settings = new TesseraSettings(
                metaAddress(uri, conf),
                emptyToNull(conf.getTrimmed(AERON_DIR, "")),
                conf.getTrimmed(REPLY_HOST, "127.0.0.1"),
                conf.getLongBytes(BLOCK_SIZE, 0),
                policyName.isEmpty() ? null : StoragePolicy.parse(policyName),
                (short) conf.getInt(REPLICATION, 3),
                conf.getTimeDuration(OPERATION_TIMEOUT, 30_000, TimeUnit.MILLISECONDS),
                conf.getLongBytes(WRITER_MEMORY, 0),
                conf.getInt(LIST_PAGE_SIZE, 1000),
                conf.getBoolean(PARQUET_ALIGNMENT, true));
        settings.validate();
        return settings;
    }

    private void validate() {
        if (blockSize < 0) {
            throw new IllegalArgumentException(BLOCK_SIZE + " must not be negative: " + blockSize);
        }
        if (defaultReplication < 1) {
            throw new IllegalArgumentException(REPLICATION + " must be positive: " + defaultReplication);
        }
        if (operationTimeoutMs <= 0) {
            throw new IllegalArgumentException(OPERATION_TIMEOUT + " must be positive: " + operationTimeoutMs);
        }
        if (listPageSize < 1) {
            throw new IllegalArgumentException(LIST_PAGE_SIZE + " must be positive: " + listPageSize);
        }
    }

    /** {@code tessera://HOST:PORT/} names the service; {@code tessera:///} takes it from the configuration. */
    private static String metaAddress(URI uri, Configuration conf) {
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            String configured = conf.getTrimmed(META_ADDRESS, "");
            return configured.isEmpty() ? new TesseraClient.Context().metaAddresses() : configured;
        }
        return host + ":" + (uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort());
    }

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }

    SharedClients.Key clientKey(String user) {
        return new SharedClients.Key(metaAddress, aeronDirectory, user, replyHost);
    }

    TesseraClient.Context clientContext(String user) {
        TesseraClient.Context context = new TesseraClient.Context()
                .metaAddresses(metaAddress)
                .aeronDirectoryName(aeronDirectory)
                .replyHost(replyHost)
                .user(user)
                .operationTimeout(operationTimeoutMs, TimeUnit.MILLISECONDS);
        return writerMemory > 0 ? context.writerMemoryBudget(writerMemory) : context;
    }
}
