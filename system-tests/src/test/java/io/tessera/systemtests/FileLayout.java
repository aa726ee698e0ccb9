package io.tessera.systemtests;

import java.util.List;
import java.util.Map;

/** A file's block groups as {@code tessera fs locate --json} prints them. */
record FileLayout(String path, long length, String policy, List<Group> groups) {
    record Group(long id, List<Block> blocks) {
        List<Block> data() {
            return blocks.stream()
                    .filter(block -> !block.kind().equals("parity"))
                    .toList();
        }
    }

    record Block(int index, String kind, long length, int nodeId, int dataPort, String rack, boolean live) {}

    static FileLayout parse(String json) {
        Map<String, Object> file = Json.object(Json.parse(json));
        List<Group> groups = Json.array(file.get("groups")).stream()
                .map(Json::object)
                .map(FileLayout::group)
                .toList();
        return new FileLayout(
                (String) file.get("path"), (Long) file.get("length"), (String) file.get("policy"), groups);
    }

    private static Group group(Map<String, Object> group) {
        List<Block> blocks = Json.array(group.get("blocks")).stream()
                .map(Json::object)
                .map(block -> {
                    Map<String, Object> node = Json.object(block.get("node"));
                    return new Block(
                            ((Long) block.get("index")).intValue(),
                            (String) block.get("kind"),
                            (Long) block.get("length"),
                            ((Long) node.get("id")).intValue(),
                            ((Long) node.get("dataPort")).intValue(),
                            (String) node.get("rack"),
                            (Boolean) node.get("live"));
                })
                .toList();
        return new Group((Long) group.get("group"), blocks);
    }
}
