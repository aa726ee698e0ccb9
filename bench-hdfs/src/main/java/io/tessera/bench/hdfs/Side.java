package io.tessera.bench.hdfs;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** One system under test, reached through Hadoop's FileSystem API, with a directory per protection. */
interface Side extends AutoCloseable {
    /** The column this side's figures go to. */
    String name();

    FileSystem fileSystem();

    /** Adds what a client of this side needs (for Spark's own file systems) to {@code conf}. */
    void configure(Configuration conf);

    /** An empty directory whose new files get {@code protection}. */
    Path directory(Protection protection) throws Exception;

    /** The replication factor to pass to {@code create} for files of {@code protection}. */
    short replication(Protection protection);

    /** An empty directory for the metadata operations and the Spark tables. */
    Path scratch(String name) throws Exception;

    @Override
    void close();
}
