package io.tessera.cli;

import io.tessera.client.TesseraClient;
import io.tessera.common.StoragePolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tessera fs setpolicy PATH POLICY}: the policy new files under a directory get. */
@Command(
        name = "setpolicy",
        description = "Set the storage policy of a directory (files keep the policy they were written with).")
final class FsSetPolicyCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "PATH")
    String path;

    @Parameters(index = "1", paramLabel = "POLICY", converter = PolicyConverter.class)
    StoragePolicy policy;

    @Override
    int run(TesseraClient client) {
        client.setPolicy(path, policy);
        return Tessera.OK;
    }
}
