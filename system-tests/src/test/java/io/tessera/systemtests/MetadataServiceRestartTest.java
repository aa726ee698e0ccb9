package io.tessera.systemtests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A metadata service killed with SIGKILL starts again at once on the same directory, as a supervisor
 * (systemd's Restart=always, Kubernetes) would start it.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MetadataServiceRestartTest {
    private final Path work = Path.of("target", "system-tests", getClass().getSimpleName());
    private final ProcessLauncher launcher = new ProcessLauncher(work.resolve("logs"));

    @RegisterExtension
    final ShowProcessLogsOnFailure evidence = new ShowProcessLogsOnFailure(launcher);

    private ProcessCluster cluster;

    @AfterEach
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldStartAgainRightAfterItWasKilled() {
        cluster = ProcessCluster.start(launcher, work.resolve("cluster"), 0, 1);
        cluster.killMeta();
        TesseraProcess restarted = cluster.restartMetaOnce();
        assertTrue(restarted.isAlive(), () -> "the metadata service did not start again\n" + restarted.evidence(40));
    }
}
