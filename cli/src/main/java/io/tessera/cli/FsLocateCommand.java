package io.tessera.cli;

import io.tessera.client.FileLocations;
import io.tessera.client.FileLocations.BlockLocation;
import io.tessera.client.FileLocations.GroupLocation;
import io.tessera.client.FileStatus;
import io.tessera.client.NodeEndpoint;
import io.tessera.client.TesseraClient;
import io.tessera.common.StoragePolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tessera fs locate [--json] PATH}: every block of a file with the node that holds it, so a user
 * can see the placement (one node per block, spread over racks) and where a row group's bytes live.
 */
@Command(name = "locate", description = "Show every block of a file and the node holding it.")
final class FsLocateCommand extends ClientCommand {
    private static final String ROW = "%-10s %5s  %-7s %14s %12s  %-21s %-10s %-10s%n";

    @Option(names = "--json", description = "Print a JSON object.")
    boolean json;

    @Parameters(paramLabel = "PATH")
    String path;

    @Override
    int run(TesseraClient client) {
        FileStatus status = client.getFileStatus(path);
        if (status.directory()) {
            throw new CommandFailure(path + ": is a directory");
        }
        FileLocations locations = client.locate(path, 0, status.length());
        if (json) {
            out().println(json(locations));
        } else {
            print(locations);
        }
        return Tessera.OK;
    }

    private void print(FileLocations locations) {
        out().printf(
                        "%s: %d bytes, %s, block size %d, %d block group(s)%n",
                        path,
                        locations.fileLength(),
                        locations.policy(),
                        locations.blockSize(),
                        locations.groups().size());
        out().printf(ROW, "GROUP", "BLOCK", "KIND", "FILE OFFSET", "LENGTH", "NODE", "RACK", "ZONE");
        for (GroupLocation group : locations.groups()) {
            for (BlockLocation block : group.blocks()) {
                NodeEndpoint node = block.node();
                out().printf(
                                ROW,
                                group.group(),
                                block.index(),
                                kind(locations.policy(), block.index()),
                                dataOffset(locations, group, block) < 0 ? "-" : dataOffset(locations, group, block),
                                block.length(),
                                node.host() + ":" + node.dataPort() + (node.live() ? "" : " (dead)"),
                                node.rack(),
                                node.zone());
            }
        }
    }

    private String json(FileLocations locations) {
        JsonWriter json = new JsonWriter()
                .beginObject()
                .field("path", path)
                .field("length", locations.fileLength())
                .field("blockSize", locations.blockSize())
                .field("policy", locations.policy().name())
                .name("groups")
                .beginArray();
        for (GroupLocation group : locations.groups()) {
            json.beginObject()
                    .field("group", group.group())
                    .field("generation", group.generation())
                    .field("fileOffset", group.fileOffset())
                    .name("blocks")
                    .beginArray();
            for (BlockLocation block : group.blocks()) {
                NodeEndpoint node = block.node();
                long offset = dataOffset(locations, group, block);
                json.beginObject()
                        .field("index", block.index())
                        .field("kind", kind(locations.policy(), block.index()))
                        .name("fileOffset");
                if (offset < 0) {
                    json.nullValue();
                } else {
                    json.value(offset);
                }
                json.field("length", block.length())
                        .field("checksum", Integer.toUnsignedLong(block.checksum()))
                        .name("node")
                        .beginObject()
                        .field("id", node.nodeId())
                        .field("host", node.host())
                        .field("dataPort", node.dataPort())
                        .field("flightPort", node.flightPort())
                        .field("rack", node.rack())
                        .field("zone", node.zone())
                        .field("live", node.live())
                        .endObject()
                        .endObject();
            }
            json.endArray().endObject();
        }
        return json.endArray().endObject().toString();
    }

    /** data or parity by block index; every copy of a replicated block holds the data. */
    static String kind(StoragePolicy policy, int index) {
        if (!policy.isErasureCoded()) {
            return "replica";
        }
        return index < policy.dataBlocks() ? "data" : "parity";
    }

    /** Where in the file a data block's bytes start; -1 for parity. */
    private static long dataOffset(FileLocations locations, GroupLocation group, BlockLocation block) {
        if (!locations.policy().isErasureCoded()) {
            return group.fileOffset();
        }
        return block.index() < locations.policy().dataBlocks()
                ? group.fileOffset() + block.index() * locations.blockSize()
                : -1;
    }
}
