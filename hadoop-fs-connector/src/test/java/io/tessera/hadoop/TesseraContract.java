package io.tessera.hadoop;

import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.contract.AbstractFSContract;

/**
 * Hadoop's contract suites against the shared local cluster; what tessera:// promises is stated in
 * {@code contract/tessera.xml}.
 */
final class TesseraContract extends AbstractFSContract {
    static final String RESOURCE = "contract/tessera.xml";

    private FileSystem fs;

    TesseraContract(Configuration conf) {
        super(conf);
        addConfResource(RESOURCE);
    }

    @Override
    public void init() throws IOException {
        super.init();
        Configuration conf = new Configuration(getConf());
        SharedCluster.configuration().forEach(entry -> conf.set(entry.getKey(), entry.getValue()));
        fs = FileSystem.get(URI.create(SharedCluster.uri()), conf);
    }

    @Override
    public FileSystem getTestFileSystem() {
        return fs;
    }

    @Override
    public String getScheme() {
        return TesseraFileSystem.SCHEME;
    }

    @Override
    public Path getTestPath() {
        return new Path("/test");
    }
}
