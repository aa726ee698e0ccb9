package io.tessera.cli;

import io.tessera.client.FileStatus;
import io.tessera.client.TesseraClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code tessera fs getpolicy PATH}: the policy in force, and whether the directory sets it or inherits
 * it. For a file, the policy it was written with.
 */
@Command(name = "getpolicy", description = "Show the storage policy in force for a path.")
final class FsGetPolicyCommand extends ClientCommand {
    @Parameters(paramLabel = "PATH")
    String path;

    @Override
    int run(TesseraClient client) {
        FileStatus status = client.getFileStatus(path);
        String origin;
        if (!status.directory()) {
            origin = "written with";
        } else {
            origin = status.policy() == null ? "inherited" : "set here";
        }
        out().println(FileStatusFormat.name(status.effectivePolicy()) + " (" + origin + ")");
        return Tessera.OK;
    }
}
