package io.tessera.hadoop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A FileSystem that names no media driver embeds one and reaches the storage servers over UDP; every
 * FileSystem of the same service shares one client, and the last close stops it with its driver.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SharedClientsTest {
    @Test
    void shouldShareOneEmbeddedClientAndStopItWithTheLastFileSystem() throws IOException {
        Configuration conf = SharedCluster.configuration();
        conf.unset(TesseraSettings.AERON_DIR);
        URI uri = URI.create(SharedCluster.uri());
        int before = SharedClients.open();

        FileSystem first = FileSystem.newInstance(uri, conf);
        FileSystem second = FileSystem.newInstance(uri, conf);
        assertEquals(before + 1, SharedClients.open());

        byte[] bytes = new byte[(int) (2 * SharedCluster.BLOCK_SIZE + 7)];
        new Random(9).nextBytes(bytes);
        Path file = new Path("/shared-clients/over-udp");
        try (FSDataOutputStream out = first.create(file, true)) {
            out.write(bytes);
        }
        first.close();
        assertEquals(before + 1, SharedClients.open(), "the second FileSystem still holds the client");

        byte[] read = new byte[bytes.length];
        try (FSDataInputStream in = second.open(file)) {
            in.readFully(0, read);
        }
        assertArrayEquals(bytes, read);
        second.close();
        assertEquals(before, SharedClients.open());
    }
}
