package io.tessera.systemtests;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free UDP ports on 127.0.0.1 for the processes under test. Ports handed out once are not handed out
 * again by the same instance, so a port a killed process held stays reserved for its restart.
 */
final class FreePorts {
    private final Set<Integer> given = new HashSet<>();

    /** {@code count} consecutive free ports (a metadata service uses its port and the four above it). */
    synchronized int consecutive(int count) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 32_000);
            if (allFree(base, count)) {
                for (int port = base; port < base + count; port++) {
                    given.add(port);
                }
                return base;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free UDP ports on 127.0.0.1");
    }

    synchronized int one() {
        return consecutive(1);
    }

    private boolean allFree(int base, int count) {
        for (int port = base; port < base + count; port++) {
            if (given.contains(port)) {
                return false;
            }
            try (DatagramSocket socket = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(false);
            } catch (SocketException e) {
                return false;
            }
        }
        return true;
    }
}
