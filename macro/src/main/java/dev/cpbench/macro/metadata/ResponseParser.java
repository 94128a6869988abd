package dev.cpbench.macro.metadata;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 answer read from a connection's bytes as they arrive, however they are split: the status
 * line, the few headers a client must heed ({@code Content-Length}, {@code Transfer-Encoding: chunked},
 * {@code Connection}) and {@code Server} when asked for, then a body delimited by its length, by chunks or
 * by the end of the connection. Interim 1xx answers are skipped. Keeps no bytes but the current line, so it
 * allocates nothing per answer (but the {@code Server} value when asked for). {@link #reset} before each
 * answer.
 */
final class ResponseParser {
    /** Longest status, header or chunk-size line accepted. */
    static final int MAX_LINE = 8192;
    /** Bytes copied at a time while looking for the end of a line: about one header's worth. */
    private static final int LINE_STEP = 64;

    private static final String HTTP_1 = "HTTP/1.";

    private enum State {
        STATUS_LINE,
        HEADER_LINE,
        FIXED_BODY,
        CHUNK_SIZE_LINE,
        CHUNK_DATA,
        CHUNK_END_LINE,
        TRAILER_LINE,
        BODY_UNTIL_CLOSE,
        DONE
    }

    /** The answer is not HTTP/1.x as a client can read it. */
    static final class MalformedResponseException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedResponseException(String message) {
            super(message);
        }
    }

    private final byte[] line = new byte[MAX_LINE];
    private int lineLength;
    private State state;
    private boolean captureServer;
    private int status;
    private boolean http10;
    private boolean connectionClose;
    private boolean connectionKeepAlive;
    private boolean chunked;
    private long contentLength;
    private long remaining;
    private long bytes;
    private long bodyBytes;
    private String server;

    /** Gets ready for the next answer; {@code captureServer}: keep its {@code Server} header. */
    void reset(boolean captureServer) {
        this.captureServer = captureServer;
        server = null;
        bytes = 0;
        bodyBytes = 0;
        startAnswer();
    }

    /**
     * Reads {@code chunk} from {@code offset} until the answer is complete or the chunk is used up.
     *
     * @return the offset of the first byte not read: {@code chunk.length()} unless bytes follow the answer
     */
    int feed(Buffer chunk, int offset) throws MalformedResponseException {
        int i = offset;
        int end = chunk.length();
        while (i < end && state != State.DONE) {
            switch (state) {
                case FIXED_BODY, CHUNK_DATA -> {
                    int n = (int) Math.min(remaining, end - i);
                    i += n;
                    bodyBytes += n;
                    remaining -= n;
                    if (remaining == 0) {
                        state = state == State.FIXED_BODY ? State.DONE : State.CHUNK_END_LINE;
                    }
                }
                case BODY_UNTIL_CLOSE -> {
                    bodyBytes += end - i;
                    i = end;
                }
                default -> i = readLine(chunk, i, end);
            }
        }
        bytes += i - offset;
        return i;
    }

    /**
     * Copies bytes of the current line from {@code chunk} into {@link #line}, a few at a time, and handles the
     * line once its LF has come; returns the offset after the bytes used.
     */
    private int readLine(Buffer chunk, int from, int end) throws MalformedResponseException {
        int n = Math.min(Math.min(end - from, LINE_STEP), MAX_LINE - lineLength);
        if (n == 0) {
            throw new MalformedResponseException("a line of the answer is longer than " + MAX_LINE + " bytes");
        }
        chunk.getBytes(from, from + n, line, lineLength);
        for (int i = lineLength; i < lineLength + n; i++) {
            if (line[i] == '\n') {
                int used = i + 1 - lineLength;
                int length = i > 0 && line[i - 1] == '\r' ? i - 1 : i;
                lineLength = 0;
                endOfLine(length);
                return from + used;
            }
        }
        lineLength += n;
        return from + n;
    }

    /** Whether the whole answer has been read. */
    boolean complete() {
        return state == State.DONE;
    }

    /** The connection closed: completes an answer whose body runs until then; returns {@link #complete}. */
    boolean closed() {
        if (state == State.BODY_UNTIL_CLOSE) {
            state = State.DONE;
        }
        return complete();
    }

    int status() {
        return status;
    }

    /** Whether the connection may carry another request after this answer. */
    boolean keepAlive() {
        return !connectionClose && (!http10 || connectionKeepAlive);
    }

    /** Bytes of the answer, status line and headers included. */
    long bytes() {
        return bytes;
    }

    /** Bytes of the body, without chunk framing. */
    long bodyBytes() {
        return bodyBytes;
    }

    /** The {@code Server} header, if asked for and sent. */
    String server() {
        return server;
    }

    private void startAnswer() {
        state = State.STATUS_LINE;
        lineLength = 0;
        status = 0;
        http10 = false;
        connectionClose = false;
        connectionKeepAlive = false;
        chunked = false;
        contentLength = -1;
    }

    private void endOfLine(int length) throws MalformedResponseException {
        switch (state) {
            case STATUS_LINE -> statusLine(length);
            case HEADER_LINE -> {
                if (length == 0) {
                    endOfHeaders();
                } else {
                    header(length);
                }
            }
            case CHUNK_SIZE_LINE -> chunkSize(length);
            case CHUNK_END_LINE -> {
                if (length != 0) {
                    throw new MalformedResponseException("a chunk is longer than its size");
                }
                state = State.CHUNK_SIZE_LINE;
            }
            case TRAILER_LINE -> {
                if (length == 0) {
                    state = State.DONE;
                }
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    private void statusLine(int length) throws MalformedResponseException {
        if (length < 12
                || !startsWith(HTTP_1)
                || line[8] != ' '
                || !isDigit(line[9])
                || !isDigit(line[10])
                || !isDigit(line[11])) {
            throw new MalformedResponseException("not an HTTP/1.x status line: " + text(0, Math.min(length, 80)));
        }
        http10 = line[7] == '0';
        status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
        state = State.HEADER_LINE;
    }

    private void header(int length) throws MalformedResponseException {
        int colon = indexOf(':', 0, length);
        if (colon <= 0) {
            throw new MalformedResponseException("not a header: " + text(0, Math.min(length, 80)));
        }
        int from = colon + 1;
        while (from < length && (line[from] == ' ' || line[from] == '\t')) {
            from++;
        }
        int to = length;
        while (to > from && (line[to - 1] == ' ' || line[to - 1] == '\t')) {
            to--;
        }
        if (nameIs("content-length", colon)) {
            contentLength = parseLength(from, to);
        } else if (nameIs("transfer-encoding", colon)) {
            chunked = endsWithIgnoreCase("chunked", from, to);
        } else if (nameIs("connection", colon)) {
            connectionClose |= containsIgnoreCase("close", from, to);
            connectionKeepAlive |= containsIgnoreCase("keep-alive", from, to);
        } else if (captureServer && nameIs("server", colon)) {
            server = text(from, to - from);
        }
    }

    private void endOfHeaders() {
        if (status >= 100 && status < 200 && status != 101) {
            startAnswer(); // an interim answer: the real one follows
        } else if (status == 204 || status == 304) {
            state = State.DONE;
        } else if (chunked) {
            state = State.CHUNK_SIZE_LINE;
        } else if (contentLength >= 0) {
            remaining = contentLength;
            state = contentLength == 0 ? State.DONE : State.FIXED_BODY;
        } else {
            connectionClose = true;
            state = State.BODY_UNTIL_CLOSE;
        }
    }

    private void chunkSize(int length) throws MalformedResponseException {
        long size = 0;
        int i = 0;
        for (; i < length && line[i] != ';' && line[i] != ' ' && line[i] != '\t'; i++) {
            int digit = Character.digit(line[i], 16);
            if (digit < 0 || size > (Long.MAX_VALUE >> 4)) {
                throw new MalformedResponseException("not a chunk size: " + text(0, Math.min(length, 80)));
            }
            size = size * 16 + digit;
        }
        if (i == 0) {
            throw new MalformedResponseException("an empty chunk size line");
        }
        remaining = size;
        state = size == 0 ? State.TRAILER_LINE : State.CHUNK_DATA;
    }

    private long parseLength(int from, int to) throws MalformedResponseException {
        long n = 0;
        for (int i = from; i < to; i++) {
            if (!isDigit(line[i]) || n > Long.MAX_VALUE / 10) {
                throw new MalformedResponseException("not a Content-Length: " + text(from, to - from));
            }
            n = n * 10 + (line[i] - '0');
        }
        if (from == to) {
            throw new MalformedResponseException("an empty Content-Length");
        }
        return n;
    }

    private boolean nameIs(String lowerCaseName, int nameLength) {
        return nameLength == lowerCaseName.length() && regionMatchesIgnoreCase(lowerCaseName, 0);
    }

    private boolean endsWithIgnoreCase(String lowerCase, int from, int to) {
        return to - from >= lowerCase.length() && regionMatchesIgnoreCase(lowerCase, to - lowerCase.length());
    }

    private boolean containsIgnoreCase(String lowerCase, int from, int to) {
        for (int at = from; at + lowerCase.length() <= to; at++) {
            if (regionMatchesIgnoreCase(lowerCase, at)) {
                return true;
            }
        }
        return false;
    }

    private boolean regionMatchesIgnoreCase(String lowerCase, int at) {
        for (int i = 0; i < lowerCase.length(); i++) {
            int b = line[at + i];
            if ((b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b) != lowerCase.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private boolean startsWith(String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            if (line[i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private int indexOf(char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (line[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private String text(int from, int length) {
        return new String(line, from, length, StandardCharsets.ISO_8859_1);
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
