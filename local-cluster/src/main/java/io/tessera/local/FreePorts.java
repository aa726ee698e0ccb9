package io.tessera.local;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.util.concurrent.ThreadLocalRandom;

/** Consecutive free UDP ports on the loopback address: for an embedded metadata service (five ports). */
public final class FreePorts {
    private FreePorts() {}

    public static int consecutive(int count) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 40_000);
            if (allFree(base, count)) {
                return base;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free UDP ports found");
    }

    private static boolean allFree(int base, int count) {
        for (int port = base; port < base + count; port++) {
            try (DatagramSocket socket = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(false);
            } catch (SocketException e) {
                return false;
            }
        }
        return true;
    }
}
