package io.tessera.bench.hdfs;

import io.tessera.client.TesseraClient;
import io.tessera.common.StoragePolicy;
import io.tessera.local.FreePorts;
import io.tessera.local.LocalCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.agrona.CloseHelper;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * Tessera in this JVM: a metadata service and {@code nodes} storage servers in {@code racks} racks (the local
 * cluster), reached through the connector ({@code tessera://}) with its default settings. Over UDP by default:
 * the connector embeds its own media driver and talks to the storage servers over loopback, as a client on
 * another host would (HDFS's client uses TCP over loopback the same way); {@code ipc} shares the cluster's
 * driver instead.
 */
final class TesseraSide implements Side {
    private final LocalCluster cluster;
    private final TesseraClient admin;
    private final Configuration conf = new Configuration();
    private final FileSystem fs;

    private TesseraSide(LocalCluster cluster, boolean ipc) throws IOException {
        this.cluster = cluster;
        this.admin = cluster.connect();
        configure(conf, ipc);
        this.fs = FileSystem.newInstance(URI.create("tessera://" + cluster.metaAddress() + "/"), conf);
    }

    static TesseraSide start(Path dir, int nodes, int racks, boolean ipc) throws IOException {
        LocalCluster cluster = LocalCluster.start(new LocalCluster.Config(
                dir,
                nodes,
                racks,
                StoragePolicy.REPLICATED_3,
                "127.0.0.1",
                FreePorts.consecutive(5),
                0,
                TimeUnit.SECONDS.toMillis(60),
                error -> System.err.println("tessera: " + error)));
        try {
            return new TesseraSide(cluster, ipc);
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void configure(Configuration target, boolean ipc) {
        if (ipc) {
            target.set("fs.tessera.aeron.dir", cluster.aeronDirectoryName());
        }
    }

    @Override
    public String name() {
        return Results.TESSERA;
    }

    @Override
    public FileSystem fileSystem() {
        return fs;
    }

    @Override
    public void configure(Configuration target) {
        String driver = conf.get("fs.tessera.aeron.dir");
        if (driver != null) {
            target.set("fs.tessera.aeron.dir", driver);
        }
    }

    @Override
    public org.apache.hadoop.fs.Path directory(Protection protection) throws IOException {
        org.apache.hadoop.fs.Path dir = scratch(protection.tessera);
        admin.setPolicy(dir.toUri().getPath(), StoragePolicy.parse(protection.tessera));
        return dir;
    }

    /** The connector's default replication: a create asking for it gets the directory's policy. */
    @Override
    public short replication(Protection protection) {
        return (short) conf.getInt("fs.tessera.replication", 3);
    }

    @Override
    public org.apache.hadoop.fs.Path scratch(String name) throws IOException {
        org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path("/bench/" + name);
        fs.delete(dir, true);
        fs.mkdirs(dir);
        return fs.makeQualified(dir);
    }

    @Override
    public void close() {
        try {
            fs.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            CloseHelper.closeAll(admin, cluster);
        }
    }
}
