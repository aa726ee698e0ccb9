package io.tessera.examples.flink;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * An HDFS in the test JVM whose data nodes register distinct host names ({@code dn-0}, {@code dn-1}, ...), so
 * block locations say which node holds a block even though every node listens on 127.0.0.1.
 */
final class MiniHdfs implements AutoCloseable {
    private final MiniDFSCluster cluster;

    private MiniHdfs(MiniDFSCluster cluster) {
        this.cluster = cluster;
    }

    static MiniHdfs start(Path dir, int dataNodes, int replication, long blockSize) throws IOException {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.toString());
        conf.setLong("dfs.blocksize", blockSize);
        conf.setInt("dfs.replication", replication);
        conf.setBoolean("dfs.namenode.datanode.registration.ip-hostname-check", false);
        String[] hosts = IntStream.range(0, dataNodes).mapToObj(i -> "dn-" + i).toArray(String[]::new);
        MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf, dir.toFile())
                .numDataNodes(dataNodes)
                .hosts(hosts)
                .checkDataNodeHostConfig(true)
                .build();
        cluster.waitActive();
        return new MiniHdfs(cluster);
    }

    String uri(String path) {
        return cluster.getURI() + path;
    }

    @Override
    public void close() {
        cluster.shutdown(true);
    }
}
