package dev.cpbench.micro.listing;

import java.io.OutputStream;

/**
 * Where a benchmarked response goes: like a socket, it copies every byte written into a fixed send buffer (64 KiB,
 * reused round-robin) and keeps nothing else, so each byte costs the one copy a socket write costs and a
 * {@code write} cannot be optimised away. Counts the bytes; {@link #close()} does nothing, so one sink serves every
 * invocation of a trial.
 */
final class SocketSink extends OutputStream {
    private static final int BUFFER_BYTES = 64 * 1024;

    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int position;
    private long written;

    /** Bytes written since the sink was made. */
    long written() {
        return written;
    }

    @Override
    public void write(int b) {
        if (position == BUFFER_BYTES) {
            position = 0;
        }
        buffer[position++] = (byte) b;
        written++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        written += len;
        while (len > 0) {
            if (position == BUFFER_BYTES) {
                position = 0;
            }
            int n = Math.min(len, BUFFER_BYTES - position);
            System.arraycopy(b, off, buffer, position, n);
            position += n;
            off += n;
            len -= n;
        }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
}
