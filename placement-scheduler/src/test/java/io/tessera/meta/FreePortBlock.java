package io.tessera.meta;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A block of consecutive loopback ports that are free now, for services that derive ports from a base. */
final class FreePortBlock {
    private FreePortBlock() {}

    static int find(int count) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base;
            try (ServerSocket socket = new ServerSocket(0)) {
                base = socket.getLocalPort();
            }
            if (base + count < 65535 && allFree(base, count)) {
                return base;
            }
        }
        throw new IOException("no " + count + " consecutive free ports on loopback");
    }

    private static boolean allFree(int base, int count) {
        for (int port = base; port < base + count; port++) {
            try (DatagramSocket udp = new DatagramSocket(port, InetAddress.getLoopbackAddress());
                    ServerSocket tcp = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                udp.getLocalPort();
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
