package io.tessera.flight;

import io.tessera.client.LocalBlocks;
import io.tessera.client.NodeEndpoint;
import io.tessera.client.TesseraClient;
import io.tessera.common.ErrorCode;
import io.tessera.common.TesseraException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.auth2.BasicCallHeaderAuthenticator;
import org.apache.arrow.flight.auth2.GeneratedBearerTokenAuthenticator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Arrow Flight over a Tessera cluster, one per process that serves it: beside the metadata service it
 * plans queries (its own DoGet serves endpoints no live node can), beside a storage server it serves the
 * row groups that server holds from its disk ({@link #serveLocalBlocks}). Every instance answers every
 * call; SPEC.md's split is which address clients are given. Built from a {@link Context} validated once;
 * {@link #close()} stops the server, then closes its allocator, which fails on any leaked buffer.
 */
public final class FlightService implements AutoCloseable {
    private final Context context;
    private final BufferAllocator allocator;
    private final FlightServer server;
    private final TesseraFlightProducer producer;
    private final TesseraInputFile.Counters counters;
    private boolean closed;

    private FlightService(
            Context context,
            BufferAllocator allocator,
            FlightServer server,
            TesseraFlightProducer producer,
            TesseraInputFile.Counters counters) {
        this.context = context;
        this.allocator = allocator;
        this.server = server;
        this.producer = producer;
        this.counters = counters;
    }

    public static FlightService start(Context context) {
        context.conclude();
        BufferAllocator allocator = new RootAllocator(context.memory());
        try {
            TesseraInputFile.Counters counters = new TesseraInputFile.Counters();
            TesseraFlightProducer producer = new TesseraFlightProducer(context, allocator, counters);
            FlightServer.Builder builder = FlightServer.builder(allocator, context.bindLocation(), producer);
            if (!context.users().isEmpty()) {
                builder.headerAuthenticator(
                        new GeneratedBearerTokenAuthenticator(new BasicCallHeaderAuthenticator(context::validate)));
            }
            if (context.tlsCertificate() != null) {
                builder.useTls(
                        context.tlsCertificate().toFile(), context.tlsKey().toFile());
            }
            FlightServer server = builder.build().start();
            return new FlightService(context, allocator, server, producer, counters);
        } catch (IOException | RuntimeException e) {
            allocator.close();
            throw new TesseraException(
                    ErrorCode.UNAVAILABLE,
                    "cannot start Flight on " + context.host() + ":" + context.port() + ": " + e.getMessage(),
                    e);
        }
    }

    /** The port the server listens on (the one picked when configured as 0). */
    public int port() {
        return server.getPort();
    }

    /** Where clients reach this server. */
    public Location location() {
        return context.location(context.host(), port());
    }

    /**
     * Serves the blocks of the storage server in this process from its disk from now on; until then, and
     * for every block it does not hold, reads go through the client.
     */
    public void serveLocalBlocks(LocalBlocks blocks) {
        producer.serveLocalBlocks(blocks);
    }

    /** Bytes read from this node's disk so far. */
    public long localBytesRead() {
        return counters.localBytes.get();
    }

    /** Bytes read through the client (other nodes, or rebuilt from parity) so far. */
    public long remoteBytesRead() {
        return counters.remoteBytes.get();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        try {
            if (!server.awaitTermination(context.readyTimeoutMs(), TimeUnit.MILLISECONDS)) {
                server.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        allocator.close();
    }

    /** Configuration of a Flight service, validated once by {@link #conclude()}. */
    public static final class Context {
        /** Where the ticket secret is taken from when none is set: at least 16 bytes of text. */
        public static final String SECRET_ENV = "TESSERA_FLIGHT_SECRET";

        private String host = "127.0.0.1";
        private int port;
        private TesseraClient client;
        private LocalBlocks localBlocks;
        private byte[] secret;
        private Map<String, String> users = Map.of();
        private Path tlsCertificate;
        private Path tlsKey;
        private int batchRows = 64 * 1024;
        private long memory = 4L << 30;
        private long streamMemory = 512L << 20;
        private long readyTimeoutMs = 30_000;

        void conclude() {
            Objects.requireNonNull(client, "client");
            if (secret == null) {
                String fromEnv = System.getenv(SECRET_ENV);
                if (fromEnv != null && !fromEnv.isBlank()) {
                    secret = fromEnv.getBytes(StandardCharsets.UTF_8);
                } else {
                    throw new IllegalArgumentException(
                            "a Flight ticket secret is required: set " + SECRET_ENV + " (the same on every server)");
                }
            }
            if (secret.length < 16) {
                throw new IllegalArgumentException("the Flight ticket secret must have at least 16 bytes");
            }
            if ((tlsCertificate == null) != (tlsKey == null)) {
                throw new IllegalArgumentException("TLS needs both a certificate chain and a private key");
            }
            if (batchRows < 1 || streamMemory < 1 || memory < streamMemory) {
                throw new IllegalArgumentException("batch rows and memory limits must be positive, stream <= total");
            }
        }

        public Context host(String host) {
            this.host = host;
            return this;
        }

        public String host() {
            return host;
        }

        /** The port to listen on; 0 picks a free one. */
        public Context port(int port) {
            this.port = port;
            return this;
        }

        public int port() {
            return port;
        }

        /** The cluster client the service reads and writes through; not closed by the service. */
        public Context client(TesseraClient client) {
            this.client = client;
            return this;
        }

        TesseraClient client() {
            return client;
        }

        /** The blocks of a storage server in this process, served from disk. */
        public Context localBlocks(LocalBlocks blocks) {
            this.localBlocks = blocks;
            return this;
        }

        LocalBlocks localBlocks() {
            return localBlocks;
        }

        /** The key tickets are signed with: the same on every Flight server of the cluster, >= 16 bytes. */
        public Context secret(byte[] secret) {
            this.secret = secret.clone();
            return this;
        }

        byte[] secret() {
            return secret;
        }

        /** Users and passwords; when any are set, every call needs a bearer token from basic auth. */
        public Context users(Map<String, String> users) {
            this.users = Map.copyOf(users);
            return this;
        }

        Map<String, String> users() {
            return users;
        }

        /** PEM certificate chain and private key: the server speaks TLS and advertises grpc+tls. */
        public Context tls(Path certificateChain, Path privateKey) {
            this.tlsCertificate = certificateChain;
            this.tlsKey = privateKey;
            return this;
        }

        Path tlsCertificate() {
            return tlsCertificate;
        }

        Path tlsKey() {
            return tlsKey;
        }

        /** Rows per record batch sent by DoGet (64 Ki by default). */
        public Context batchRows(int rows) {
            this.batchRows = rows;
            return this;
        }

        int batchRows() {
            return batchRows;
        }

        /** Arrow memory of the whole service (4 GiB by default) and of one stream (512 MiB). */
        public Context memory(long total, long perStream) {
            this.memory = total;
            this.streamMemory = perStream;
            return this;
        }

        long memory() {
            return memory;
        }

        long streamMemory() {
            return streamMemory;
        }

        /** How long a DoGet waits on a client that reads nothing before checking it is still there. */
        long readyTimeoutMs() {
            return readyTimeoutMs;
        }

        Location bindLocation() {
            return location(host, port);
        }

        Location location(String host, int port) {
            return tlsCertificate != null ? Location.forGrpcTls(host, port) : Location.forGrpcInsecure(host, port);
        }

        /** A node's Flight server, with this cluster's scheme. */
        Location location(NodeEndpoint node) {
            return location(node.host(), node.flightPort());
        }

        BasicCallHeaderAuthenticator.AuthResult validate(String user, String password) {
            String expected = users.get(user);
            if (expected == null
                    || !MessageDigest.isEqual(
                            expected.getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8))) {
                throw CallStatus.UNAUTHENTICATED
                        .withDescription("unknown user or wrong password")
                        .toRuntimeException();
            }
            return () -> user;
        }
    }
}
