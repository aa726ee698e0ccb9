package io.tessera.bench.hdfs;

/** The same protection on both systems: three copies, or Reed-Solomon with 6 data and 3 parity blocks. */
enum Protection {
    REPLICATED_3("REPLICATED-3", "replication 3"),
    RS_6_3("RS-6-3", "RS-6-3-1024k");

    /** The Tessera storage policy. */
    final String tessera;

    /** What HDFS calls the same: a replication factor or an erasure coding policy. */
    final String hdfs;

    Protection(String tessera, String hdfs) {
        this.tessera = tessera;
        this.hdfs = hdfs;
    }

    String label() {
        return tessera + " / " + hdfs;
    }
}
