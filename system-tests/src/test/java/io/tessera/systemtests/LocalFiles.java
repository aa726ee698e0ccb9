package io.tessera.systemtests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** Files on the test machine's disk: random inputs, their digests, and a byte flipped in place. */
final class LocalFiles {
    private static final int BUFFER = 1 << 20;

    private LocalFiles() {}

    /** Writes {@code length} pseudo-random bytes from {@code seed}; returns the path. */
    static Path random(Path file, long length, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] buffer = new byte[BUFFER];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = length; left > 0; ) {
                ByteBuffer words = ByteBuffer.wrap(buffer);
                while (words.remaining() >= Long.BYTES) {
                    words.putLong(random.nextLong());
                }
                int n = (int) Math.min(left, buffer.length);
                out.write(buffer, 0, n);
                left -= n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[BUFFER];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Inverts the bits of the byte at {@code position}, as a failing disk might, and syncs it. */
    static void flipByte(Path file, long position) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            if (channel.read(one, position) != 1) {
                throw new IllegalArgumentException(file + " has no byte at " + position);
            }
            one.put(0, (byte) ~one.get(0)).rewind();
            channel.write(one, position);
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
