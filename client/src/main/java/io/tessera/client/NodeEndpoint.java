package io.tessera.client;

/**
 * A storage node as the metadata service describes it: how to reach its data plane and Flight service,
 * where it sits in the failure-domain tree, and whether it is live.
 */
public record NodeEndpoint(
        int nodeId,
        String host,
        int dataPort,
        int flightPort,
        String rack,
        String zone,
        String aeronDirectory,
        boolean live) {

    public StorageEndpoint dataEndpoint() {
        return new StorageEndpoint(host, dataPort, aeronDirectory);
    }

    /** The topology path Hadoop schedulers use: {@code /zone/rack}. */
    public String topologyPath() {
        return "/" + zone + "/" + rack;
    }
}
