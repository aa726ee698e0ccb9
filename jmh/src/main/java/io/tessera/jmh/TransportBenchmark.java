package io.tessera.jmh;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.logbuffer.FragmentHandler;
import io.tessera.client.AeronChannels;
import io.tessera.client.TesseraMediaDriver;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The raw limit of one stream of messages on this machine, to read the data plane's figures against:
 * one operation sends one message of {@code messageSize} bytes, which a thread of the same JVM receives,
 * so GB/s = ops/s × messageSize / 10^9. The sender is held back by flow control (Aeron's window, TCP's
 * buffers), so the rate measured is the rate delivered, give or take one window per iteration.
 *
 * <ul>
 *   <li>{@code aeron-ipc}: {@link AeronChannels#ipc()} (MTU 65504, 16 MiB terms) through a driver
 *       launched by {@link TesseraMediaDriver} (one shared, backing-off thread).
 *   <li>{@code aeron-udp}: {@link AeronChannels#udp} on 127.0.0.1, same driver.
 *   <li>{@code tcp}: a blocking {@code SocketChannel} pair on 127.0.0.1, for comparison.
 * </ul>
 *
 * <p>Aeron's sender offers from a direct buffer ({@code ExclusivePublication.offer}, one copy, as the
 * data plane's {@code tryClaim} and {@code putData}); its receiver counts fragment lengths without
 * reading the payload or reassembling 1 MiB messages. TCP's receiver reads every byte into a 1 MiB
 * direct buffer, as it must. {@code 65472} is the data plane's chunk message: the largest that fits one
 * frame at MTU 65504 ({@code maxPayloadLength}).
 *
 * <p>Three threads share two cores: sender, receiver and the driver (Aeron) or the kernel (TCP). The
 * driver's directory is in {@code /dev/shm} and deleted at the end of the trial.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TransportBenchmark {
    private static final int STREAM_ID = 7;
    private static final String LOOPBACK = "127.0.0.1";
    private static final long DEADLINE_NS = TimeUnit.SECONDS.toNanos(10);

    @Param({"aeron-ipc", "aeron-udp", "tcp"})
    String transport;

    @Param({"65472", "1048576"})
    int messageSize;

    private Link link;
    private long sentBytes;

    @Setup
    public void setUp() throws IOException {
        link = transport.equals("tcp") ? new TcpLink(messageSize) : new AeronLink(transport, messageSize);
    }

    @Benchmark
    public long send() throws IOException {
        link.send();
        sentBytes += messageSize;
        return sentBytes;
    }

    /** Checks that everything sent arrived, then closes the link. */
    @TearDown
    public void tearDown() throws IOException {
        try {
            long deadline = System.nanoTime() + DEADLINE_NS;
            while (link.receivedBytes() < sentBytes && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            if (link.receivedBytes() != sentBytes) {
                throw new IllegalStateException(
                        transport + ": sent " + sentBytes + " bytes but " + link.receivedBytes() + " arrived");
            }
        } finally {
            link.close();
        }
    }

    /** One sender and one receiving thread over one transport. */
    interface Link extends AutoCloseable {
        void send() throws IOException;

        long receivedBytes();

        @Override
        void close() throws IOException;
    }

    static final class AeronLink implements Link {
        private final String directory = new File(
                        "/dev/shm",
                        "tessera-jmh-transport-" + ProcessHandle.current().pid())
                .getPath();
        private final MediaDriver driver;
        private final Aeron aeron;
        private final Subscription subscription;
        private final ExclusivePublication publication;
        private final Thread receiver;
        private final UnsafeBuffer message;
        private final IdleStrategy senderIdle = backoff();
        private volatile boolean running = true;
        private volatile long receivedBytes;

        AeronLink(String transport, int messageSize) {
            driver = TesseraMediaDriver.launch(directory);
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(directory));
            if (transport.equals("aeron-ipc")) {
                subscription = aeron.addSubscription(AeronChannels.ipc(), STREAM_ID);
                publication = aeron.addExclusivePublication(AeronChannels.ipc(), STREAM_ID);
            } else {
                subscription = aeron.addSubscription(AeronChannels.udp(LOOPBACK, 0), STREAM_ID);
                String endpoint = awaitEndpoint(subscription);
                int port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
                publication = aeron.addExclusivePublication(AeronChannels.udp(LOOPBACK, port), STREAM_ID);
            }
            long deadline = System.nanoTime() + DEADLINE_NS;
            while (!publication.isConnected()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(transport + " did not connect");
                }
                senderIdle.idle();
            }
            message = new UnsafeBuffer(ByteBuffer.allocateDirect(messageSize));
            message.putBytes(0, randomBytes(messageSize));
            receiver = new Thread(this::receive, "aeron-receiver");
            receiver.start();
        }

        @Override
        public void send() {
            long deadline = 0;
            senderIdle.reset();
            long result;
            while ((result = publication.offer(message, 0, message.capacity())) < 0) {
                if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED) {
                    throw new IllegalStateException("the publication is closed: " + result);
                }
                if (result == Publication.NOT_CONNECTED) {
                    deadline = deadline == 0 ? System.nanoTime() + DEADLINE_NS : deadline;
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the receiver went away");
                    }
                }
                senderIdle.idle();
            }
        }

        @Override
        public long receivedBytes() {
            return receivedBytes;
        }

        private void receive() {
            long[] total = {0};
            FragmentHandler counter = (buffer, offset, length, header) -> total[0] += length;
            IdleStrategy idle = backoff();
            while (running) {
                int fragments = subscription.poll(counter, 16);
                if (fragments > 0) {
                    receivedBytes = total[0];
                }
                idle.idle(fragments);
            }
        }

        @Override
        public void close() {
            running = false;
            try {
                receiver.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            CloseHelper.closeAll(publication, subscription, aeron, driver);
            IoUtil.delete(new File(directory), true);
        }

        private static String awaitEndpoint(Subscription subscription) {
            long deadline = System.nanoTime() + DEADLINE_NS;
            String endpoint;
            while ((endpoint = subscription.resolvedEndpoint()) == null) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the UDP subscription did not bind");
                }
                Thread.onSpinWait();
            }
            return endpoint;
        }

        /** The idle strategy of the data plane's client. */
        private static IdleStrategy backoff() {
            return new BackoffIdleStrategy(
                    100, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100));
        }
    }

    static final class TcpLink implements Link {
        private final ServerSocketChannel server;
        private final SocketChannel sender;
        private final SocketChannel accepted;
        private final Thread receiver;
        private final ByteBuffer message;
        private volatile long receivedBytes;

        TcpLink(int messageSize) throws IOException {
            server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0));
            sender = SocketChannel.open(server.getLocalAddress());
            accepted = server.accept();
            sender.setOption(StandardSocketOptions.TCP_NODELAY, true);
            message = ByteBuffer.allocateDirect(messageSize).put(randomBytes(messageSize));
            receiver = new Thread(this::receive, "tcp-receiver");
            receiver.start();
        }

        @Override
        public void send() throws IOException {
            message.clear();
            while (message.hasRemaining()) {
                sender.write(message);
            }
        }

        @Override
        public long receivedBytes() {
            return receivedBytes;
        }

        private void receive() {
            ByteBuffer buffer = ByteBuffer.allocateDirect(1024 * 1024);
            long total = 0;
            try {
                int read;
                while ((read = accepted.read(buffer.clear())) >= 0) {
                    total += read;
                    receivedBytes = total;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            sender.close();
            try {
                receiver.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            accepted.close();
            server.close();
        }
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new Random(42).nextBytes(bytes);
        return bytes;
    }
}
