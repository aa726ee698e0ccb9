package io.tessera.hadoop;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.DelegateToFileSystem;

/**
 * The {@code AbstractFileSystem} binding, so {@code FileContext} (and what uses it, such as YARN and
 * some Flink paths) reaches tessera:// too: {@code fs.AbstractFileSystem.tessera.impl}. Every call
 * goes to a {@link TesseraFileSystem} of its own.
 */
public class TesseraFs extends DelegateToFileSystem {
    public TesseraFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
        super(uri, new TesseraFileSystem(), conf, TesseraFileSystem.SCHEME, false);
    }

    @Override
    public int getUriDefaultPort() {
        return TesseraSettings.DEFAULT_PORT;
    }
}
