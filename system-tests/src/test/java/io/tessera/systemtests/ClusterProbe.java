package io.tessera.systemtests;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Watches a cluster while a test waits for it to reach a state, with {@code tessera admin report --json}
 * and {@code tessera admin fsck --json} processes, as an operator's script would. (An in-process client
 * was tried first: after the metadata service was killed and restarted, new clients in the test JVM got no
 * answer for minutes while new processes did.)
 */
final class ClusterProbe {
    private static final Duration CALL = Duration.ofSeconds(60);

    private final ProcessLauncher launcher;
    private final String metaAddress;

    /** fsck's verdict and the groups it names, from {@code admin fsck --json}. */
    record Fsck(String status, long degraded, long missing, List<Map<String, Object>> groups, String json) {}

    ClusterProbe(ProcessLauncher launcher, String metaAddress) {
        this.launcher = launcher;
        this.metaAddress = metaAddress;
    }

    /** Waits until exactly the storage servers at {@code dataPorts} are LIVE. */
    void awaitLive(Set<Integer> dataPorts, Duration timeout) {
        Await.until(
                "exactly the storage servers at ports " + dataPorts + " to be LIVE",
                timeout,
                this::liveDataPorts,
                dataPorts::equals);
    }

    /** Waits until fsck of {@code path} satisfies {@code done}; returns that report. */
    Fsck awaitFsck(String path, String what, Duration timeout, Predicate<Fsck> done) {
        return Await.until("fsck of " + path + " to show " + what, timeout, () -> fsck(path), done);
    }

    Set<Integer> liveDataPorts() {
        CommandResult report = launcher.run(metaAddress, CALL, "admin", "report", "--json");
        if (report.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", report.errorLines()));
        }
        return Json.array(Json.object(Json.parse(report.stdout())).get("nodes")).stream()
                .map(Json::object)
                .filter(node -> "LIVE".equals(node.get("state")))
                .map(node -> ((Long) node.get("dataPort")).intValue())
                .collect(Collectors.toSet());
    }

    Fsck fsck(String path) {
        CommandResult fsck = launcher.run(metaAddress, CALL, "admin", "fsck", "--json", path);
        if (!fsck.stdout().startsWith("{")) {
            throw new IllegalStateException(String.join(" ", fsck.errorLines()));
        }
        Map<String, Object> report = Json.object(Json.parse(fsck.stdout()));
        return new Fsck(
                (String) report.get("status"),
                (Long) report.get("degraded"),
                (Long) report.get("missing"),
                Json.array(report.get("groups")).stream().map(Json::object).toList(),
                fsck.stdout().strip());
    }
}
