package io.tessera.hadoop;

import org.apache.parquet.hadoop.util.HadoopOutputFile;

/**
 * Makes parquet-hadoop align row groups to tessera:// blocks. Parquet pads a row group to the next block
 * boundary (and sizes the next one to the room left in the block) only on file systems whose scheme is in
 * its set of block file systems — hdfs, webhdfs and viewfs out of the box; the set is public and
 * mutable. With the scheme added, each row group of a file written through the connector lies inside one
 * data block, so one node holds it. Nothing happens when parquet-hadoop is not on the class path.
 */
final class ParquetBlockAlignment {
    private static final String PARQUET_CLASS = "org.apache.parquet.hadoop.util.HadoopOutputFile";
    private static volatile boolean registered;

    private ParquetBlockAlignment() {}

    static void register(String scheme) {
        if (registered || !parquetPresent()) {
            return;
        }
        synchronized (ParquetBlockAlignment.class) {
            Parquet.addBlockScheme(scheme);
            registered = true;
        }
    }

    private static boolean parquetPresent() {
        try {
            Class.forName(PARQUET_CLASS, false, ParquetBlockAlignment.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Loaded only once parquet-hadoop is known to be present. */
    private static final class Parquet {
        static void addBlockScheme(String scheme) {
            HadoopOutputFile.getBlockFileSystems().add(scheme);
        }
    }
}
