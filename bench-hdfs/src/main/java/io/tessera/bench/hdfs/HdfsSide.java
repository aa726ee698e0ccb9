package io.tessera.bench.hdfs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * HDFS in this JVM: a NameNode and {@code nodes} DataNodes in {@code racks} racks (MiniDFSCluster, Hadoop 3.4.2),
 * with the RS-6-3-1024k erasure coding policy enabled and set on the RS-6-3 directory. Erasure coding uses
 * Hadoop's pure-Java coder unless the JVM finds the native ISA-L library.
 */
final class HdfsSide implements Side {
    private final MiniDFSCluster cluster;
    private final DistributedFileSystem fs;

    private HdfsSide(MiniDFSCluster cluster) throws IOException {
        this.cluster = cluster;
        this.fs = cluster.getFileSystem();
    }

    static HdfsSide start(Path dir, int nodes, int racks, long blockSize) throws IOException {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.toString());
        conf.setLong("dfs.blocksize", blockSize);
        conf.setInt("dfs.replication", 3);
        String[] rackNames =
                IntStream.range(0, nodes).mapToObj(i -> "/rack-" + i % racks).toArray(String[]::new);
        MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf, dir.toFile())
                .numDataNodes(nodes)
                .racks(rackNames)
                .build();
        try {
            cluster.waitActive();
            HdfsSide side = new HdfsSide(cluster);
            side.fs.enableErasureCodingPolicy(Protection.RS_6_3.hdfs);
            return side;
        } catch (IOException | RuntimeException e) {
            cluster.shutdown(true);
            throw e;
        }
    }

    @Override
    public String name() {
        return "hdfs";
    }

    @Override
    public FileSystem fileSystem() {
        return fs;
    }

    @Override
    public void configure(Configuration conf) {
        // hdfs://HOST:PORT says everything a client needs.
    }

    @Override
    public org.apache.hadoop.fs.Path directory(Protection protection) throws IOException {
        org.apache.hadoop.fs.Path dir = scratch(protection.tessera);
        if (protection == Protection.RS_6_3) {
            fs.setErasureCodingPolicy(dir, protection.hdfs);
        } else {
            fs.setErasureCodingPolicy(dir, "replication");
        }
        return dir;
    }

    @Override
    public short replication(Protection protection) {
        return 3;
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
        cluster.shutdown(true);
    }
}
