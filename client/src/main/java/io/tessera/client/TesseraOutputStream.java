package io.tessera.client;

import io.tessera.common.ErrorCode;
import io.tessera.common.StoragePolicy;
import io.tessera.common.TesseraException;
import io.tessera.erasure.ErasureCode;
import io.tessera.erasure.ParityAccumulator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Writes a file: bytes are cut into blocks of the file's block size, blocks into groups of the policy's
 * {@code k} data blocks, and each group is streamed to the nodes the metadata service allocated, block
 * after block, while its parity accumulates; at the end of a group the parity blocks are written and the
 * group is committed. The file becomes visible, with its whole length, when the stream is closed.
 *
 * <p>Memory is bounded by the client's per-file budget: a few write buffers, plus the parity
 * accumulators ({@code m} x block size) when they fit; when they do not, every data chunk is also sent
 * to the group's first parity node, which accumulates the parity instead (see docs/architecture.md).
 * Not thread-safe, like any stream.
 */
public final class TesseraOutputStream extends OutputStream {
    static final int BUFFER_SIZE = 1024 * 1024;
    static final int BUFFERS = 4;

    private final TesseraClient client;
    private final String path;
    private final CreatedFile file;
    private StoragePolicy policy;
    private final long blockSize;
    private ParityAccumulator parity;
    private final ArrayDeque<ByteBuffer> freeBuffers = new ArrayDeque<>();
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    private ByteBuffer buffer;
    private GroupWriter groupWriter;
    private int groupIndex;
    private long written;
    private long bufferStart;
    private boolean closed;
    private final byte[] one = new byte[1];
    private final int smallFileThreshold;
    private byte[] held = new byte[0];
    private int heldLength;
    private boolean holding;
    private StoragePolicy smallFilePolicy;

    private record InFlight(ByteBuffer buffer, CompletableFuture<Void> taken) {}

    TesseraOutputStream(TesseraClient client, String path, CreatedFile file) {
        this.client = client;
        this.path = path;
        this.file = file;
        this.policy = file.policy();
        this.blockSize = file.blockSize();
        this.parity = policy.isErasureCoded() && fitsBudget(client.context(), policy, blockSize)
                ? newAccumulator(policy, blockSize)
                : null;
        for (int i = 0; i < BUFFERS; i++) {
            freeBuffers.add(ByteBuffer.allocate((int) Math.min(BUFFER_SIZE, blockSize)));
        }
        buffer = freeBuffers.poll();
        this.smallFileThreshold = client.context().smallFileThreshold();
        this.holding = policy.isErasureCoded() && smallFileThreshold > 0;
    }

    /**
     * The replicated policy a small file of an erasure-coded directory takes: as many copies as the
     * code tolerates failures, plus one, up to three (the most SPEC.md offers).
     */
    static StoragePolicy smallFilePolicy(StoragePolicy erasureCoded) {
        return switch (Math.min(3, erasureCoded.toleratedFailures() + 1)) {
            case 2 -> StoragePolicy.REPLICATED_2;
            default -> StoragePolicy.REPLICATED_3;
        };
    }

    /** The bytes a writer with this policy and block size holds: buffers plus parity accumulators. */
    static long memoryNeeded(StoragePolicy policy, long blockSize) {
        long parityBytes = policy.isErasureCoded() ? policy.redundantBlocks() * blockSize : 0;
        return parityBytes + (long) BUFFERS * Math.min(BUFFER_SIZE, blockSize);
    }

    /** Whether this writer can hold its groups' parity; if not, a parity node of each group does. */
    private static boolean fitsBudget(TesseraClient.Context context, StoragePolicy policy, long blockSize) {
        return memoryNeeded(policy, blockSize) <= context.writerMemoryBudget() && blockSize <= Integer.MAX_VALUE;
    }

    private static ParityAccumulator newAccumulator(StoragePolicy policy, long blockSize) {
        ErasureCode code = PolicyCodes.of(policy);
        return code.newParityAccumulator((int) blockSize);
    }

    /** The block size this file is written with: writers align row groups to it. */
    public long blockSize() {
        return blockSize;
    }

    /** Bytes written so far. */
    public long position() {
        return written + (holding ? heldLength : 0);
    }

    @Override
    public void write(int b) throws IOException {
        one[0] = (byte) b;
        write(one, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        checkOpen();
        java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
        if (holding) {
            if (heldLength + length <= smallFileThreshold) {
                hold(bytes, offset, length);
                return;
            }
            holding = false;
            append(held, 0, heldLength);
            held = null;
        }
        append(bytes, offset, length);
    }

    /**
     * Keeps the first bytes of an erasure-coded file back until the file proves larger than the
     * small-file threshold; one that closes first is replicated instead.
     */
    private void hold(byte[] bytes, int offset, int length) {
        if (held.length < heldLength + length) {
            held = java.util.Arrays.copyOf(
                    held, Math.min(smallFileThreshold, Math.max(2 * held.length, heldLength + length)));
        }
        System.arraycopy(bytes, offset, held, heldLength, length);
        heldLength += length;
    }

    private void append(byte[] bytes, int offset, int length) throws IOException {
        while (length > 0) {
            int room = (int) Math.min(buffer.remaining(), blockSize - (written % blockSize));
            int n = Math.min(room, length);
            buffer.put(bytes, offset, n);
            offset += n;
            length -= n;
            written += n;
            if (!buffer.hasRemaining() || atBlockEnd()) {
                dispatch();
            }
        }
    }

    private boolean atBlockEnd() {
        return written % blockSize == 0 && buffer.position() > 0;
    }

    /** Sends the buffer to the block it belongs to, starting a new group when the last one is full. */
    private void dispatch() throws IOException {
        buffer.flip();
        if (!buffer.hasRemaining()) {
            buffer.clear();
            return;
        }
        try {
            long blockNumber = bufferStart / blockSize;
            int dataIndex = (int) (blockNumber % policy.dataBlocks());
            if (dataIndex == 0 && bufferStart % blockSize == 0) {
                finishGroup();
                groupWriter = startGroup();
            }
            bufferStart += buffer.remaining();
            inFlight.add(new InFlight(buffer, groupWriter.write(dataIndex, buffer)));
            buffer = nextBuffer();
        } catch (TesseraException e) {
            fail();
            throw new IOException("writing " + path + ": " + e.getMessage(), e);
        }
    }

    private GroupWriter startGroup() {
        StoragePolicy override = groupIndex == 0 ? smallFilePolicy : null;
        AllocatedGroup group =
                client.metadata().allocateGroup(file.fileId(), groupIndex++, override, client.leaseHolder());
        return new GroupWriter(
                client.dataPlane(),
                group,
                policy,
                parity,
                blockSize,
                client.context().operationTimeoutNs());
    }

    private void finishGroup() {
        if (groupWriter == null) {
            return;
        }
        drainInFlight();
        List<CommittedBlock> blocks = groupWriter.finish();
        client.metadata().commitGroup(file.fileId(), groupWriter.groupId(), blocks, client.leaseHolder());
        if (parity != null) {
            parity.reset();
        }
        groupWriter = null;
    }

    private ByteBuffer nextBuffer() {
        while (freeBuffers.isEmpty()) {
            InFlight oldest = inFlight.poll();
            awaitTaken(oldest);
            freeBuffers.add(oldest.buffer().clear());
        }
        return freeBuffers.poll();
    }

    private void drainInFlight() {
        while (!inFlight.isEmpty()) {
            InFlight oldest = inFlight.poll();
            awaitTaken(oldest);
            freeBuffers.add(oldest.buffer().clear());
        }
    }

    private void awaitTaken(InFlight flight) {
        try {
            flight.taken().get(client.context().operationTimeoutNs(), TimeUnit.NANOSECONDS);
        } catch (Exception e) {
            throw new TesseraException(ErrorCode.TIMEOUT, "storage servers did not take written bytes in time", e);
        }
    }

    /** hflush/hsync are not offered: a file's bytes become visible and durable when it is closed. */
    @Override
    public void flush() {}

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            if (holding && heldLength > 0) {
                holding = false;
                smallFilePolicy = smallFilePolicy(policy);
                policy = smallFilePolicy;
                parity = null;
                append(held, 0, heldLength);
            }
            dispatch();
            finishGroup();
            client.metadata().closeFile(file.fileId(), written, client.leaseHolder());
            closed = true;
        } catch (TesseraException e) {
            fail();
            throw new IOException("closing " + path + ": " + e.getMessage(), e);
        } finally {
            client.writerClosed(this);
        }
    }

    private void fail() {
        closed = true;
        if (groupWriter != null) {
            groupWriter.abort();
        }
    }

    private void checkOpen() throws IOException {
        if (closed) {
            throw new IOException(path + " is closed");
        }
    }
}
