package io.tessera.client;

import io.aeron.ChannelUri;
import io.aeron.CommonContext;

/**
 * The channels the data plane uses, with the settings that decide throughput on a loopback-heavy host
 * (see docs/operations.md): a 64 KiB MTU, 16 MiB terms, and for UDP 4 MiB socket buffers and a 1 MiB
 * receiver window. IPC is used when client and server share a media driver; UDP otherwise.
 */
public final class AeronChannels {
    /** Stream on which a storage server takes requests over UDP (its data port is the endpoint). */
    public static final int REQUEST_STREAM_ID = 1001;

    /** IPC request streams are per server, since servers in one JVM share one driver: base + data port. */
    static final int IPC_REQUEST_STREAM_BASE = 100_000;

    static final int MTU = 65504;
    static final String TERM_LENGTH = "16m";
    static final String SOCKET_BUFFER = "4m";

    /**
     * The receiver window of each image: a quarter of the socket buffer, because several senders share one
     * receiving socket (a client reading from many servers, a server taking writes from many clients). With
     * the window equal to the buffer, four concurrent senders overflowed it on loopback and 6 % of the bytes
     * of a read benchmark were retransmitted after NAKs; at a quarter none were.
     */
    static final String RECEIVER_WINDOW = "1m";

    private AeronChannels() {}

    public static String ipc() {
        return "aeron:ipc?mtu=" + MTU + "|term-length=" + TERM_LENGTH;
    }

    /** A UDP channel to (publication) or on (subscription) {@code host:port}; port 0 binds any free port. */
    public static String udp(String host, int port) {
        return "aeron:udp?endpoint=" + host + ":" + port + "|mtu=" + MTU + "|term-length=" + TERM_LENGTH + "|so-sndbuf="
                + SOCKET_BUFFER + "|so-rcvbuf=" + SOCKET_BUFFER + "|rcv-wnd="
                + RECEIVER_WINDOW;
    }

    /** The IPC stream on which the storage server with this data port takes requests. */
    public static int ipcRequestStreamId(int dataPort) {
        return IPC_REQUEST_STREAM_BASE + dataPort;
    }

    /** The {@code endpoint} of a resolved channel, e.g. {@code 127.0.0.1:40123}. */
    static String endpoint(String resolvedChannel) {
        return ChannelUri.parse(resolvedChannel).get(CommonContext.ENDPOINT_PARAM_NAME);
    }
}
