package io.tessera.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aeron.driver.MediaDriver;
import io.tessera.client.MetadataClient;
import io.tessera.client.TesseraMediaDriver;
import io.tessera.common.TesseraException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The same service code as three cluster members: a client reaches the namespace through whichever leads. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ThreeMemberClusterTest {
    @TempDir
    Path dir;

    private final List<MetadataService> members = new ArrayList<>();
    private MediaDriver clientDriver;
    private MetadataClient client;

    @AfterEach
    void stop() {
        CloseHelper.quietClose(client);
        CloseHelper.quietClose(clientDriver);
        members.forEach(CloseHelper::quietClose);
    }

    @Test
    void shouldServeTheNamespaceFromAThreeMemberCluster() throws IOException {
        int base = FreePortBlock.find(30);
        String addresses = "127.0.0.1:" + base + ",127.0.0.1:" + (base + 10) + ",127.0.0.1:" + (base + 20);
        for (int id = 0; id < 3; id++) {
            members.add(MetadataService.launch(new MetadataService.Context()
                    .dir(dir.resolve("member-" + id))
                    .members(addresses, id)
                    .fsyncLog(false)
                    .errorHandler(e -> {})));
        }
        clientDriver = TesseraMediaDriver.launch("/dev/shm/tessera-test-" + UUID.randomUUID());
        client = MetadataClient.connect(new MetadataClient.Context()
                .aeronDirectoryName(clientDriver.aeronDirectoryName())
                .metaAddresses(addresses)
                .responseTimeout(10, TimeUnit.SECONDS));

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                assertTrue(client.mkdirs("/replicated/dir", 0755, "alice"));
                break;
            } catch (TesseraException e) {
                assertTrue(System.nanoTime() < deadline, "no leader answered: " + e.getMessage());
            }
        }
        assertTrue(client.getFileStatus("/replicated/dir").directory());
        assertEquals("alice", client.getFileStatus("/replicated/dir").owner());
    }
}
