package dev.cpbench.macro.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Answers read whole however the connection splits them, framed by length, chunks or close. */
class ResponseParserTest {
    private final ResponseParser parser = new ResponseParser();

    /** Feeds {@code answer} in pieces of {@code piece} bytes; returns whether it completed exactly at its end. */
    private boolean feed(String answer, int piece) throws ResponseParser.MalformedResponseException {
        byte[] bytes = answer.getBytes(StandardCharsets.ISO_8859_1);
        for (int from = 0; from < bytes.length; from += piece) {
            assertThat(parser.complete()).as("complete before byte %d", from).isFalse();
            Buffer chunk = Buffer.buffer().appendBytes(bytes, from, Math.min(piece, bytes.length - from));
            assertThat(parser.feed(chunk, 0)).isEqualTo(chunk.length());
        }
        return parser.complete();
    }

    @Test
    void contentLengthFramesTheBodyInAnySplit() throws Exception {
        String answer = "HTTP/1.1 200 OK\r\nServer: Metadata Server for VM\r\nContent-Length: 5\r\n\r\nhello";
        for (int piece = 1; piece <= answer.length(); piece++) {
            parser.reset(true);

            assertThat(feed(answer, piece)).as("piece %d", piece).isTrue();
            assertThat(parser.status()).isEqualTo(200);
            assertThat(parser.bodyBytes()).isEqualTo(5);
            assertThat(parser.bytes()).isEqualTo(answer.length());
            assertThat(parser.server()).isEqualTo("Metadata Server for VM");
            assertThat(parser.keepAlive()).isTrue();
        }
    }

    @Test
    void chunksAreCountedWithoutTheirFraming() throws Exception {
        String answer = "HTTP/1.1 500 Internal Server Error\r\ntransfer-encoding: Chunked\r\nconnection: Close\r\n\r\n"
                + "5;ext=1\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nTrailer: x\r\n\r\n";
        for (int piece = 1; piece <= answer.length(); piece += 7) {
            parser.reset(false);

            assertThat(feed(answer, piece)).as("piece %d", piece).isTrue();
            assertThat(parser.status()).isEqualTo(500);
            assertThat(parser.bodyBytes()).isEqualTo(5 + 26);
            assertThat(parser.bytes()).isEqualTo(answer.length());
            assertThat(parser.keepAlive()).isFalse();
            assertThat(parser.server()).isNull();
        }
    }

    @Test
    void interimAnswersAreSkippedAndBodylessOnesEndAtTheirHeaders() throws Exception {
        parser.reset(false);
        assertThat(feed("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\nContent-Length: 99\r\n\r\n", 3))
                .isTrue();
        assertThat(parser.status()).isEqualTo(204);
        assertThat(parser.bodyBytes()).isZero();
    }

    @Test
    void aBodyWithoutLengthRunsUntilTheConnectionCloses() throws Exception {
        parser.reset(false);
        assertThat(feed("HTTP/1.0 200 OK\r\n\r\nsome body", 4)).isFalse();
        assertThat(parser.closed()).isTrue();
        assertThat(parser.bodyBytes()).isEqualTo(9);
        assertThat(parser.keepAlive()).isFalse();
    }

    @Test
    void http10KeepsTheConnectionOnlyWhenAskedTo() throws Exception {
        parser.reset(false);
        feed("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", 100);
        assertThat(parser.keepAlive()).isFalse();
        parser.reset(false);
        feed("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n", 100);
        assertThat(parser.keepAlive()).isTrue();
    }

    @Test
    void bytesAfterTheAnswerAreLeftUnread() throws Exception {
        parser.reset(false);
        Buffer two = Buffer.buffer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n");
        assertThat(parser.feed(two, 0)).isEqualTo(two.length() - "HTTP/1.1 200 OK\r\n".length());
        assertThat(parser.complete()).isTrue();
    }

    @Test
    void malformedAnswersAreRejected() {
        parser.reset(false);
        assertThatThrownBy(() -> parser.feed(Buffer.buffer("SSH-2.0-OpenSSH_9.2\r\n"), 0))
                .hasMessage("not an HTTP/1.x status line: SSH-2.0-OpenSSH_9.2");
        parser.reset(false);
        assertThatThrownBy(() -> parser.feed(Buffer.buffer("HTTP/1.1 200 OK\r\nContent-Length: 12x\r\n\r\n"), 0))
                .hasMessage("not a Content-Length: 12x");
        parser.reset(false);
        assertThatThrownBy(() ->
                        parser.feed(Buffer.buffer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"), 0))
                .hasMessage("not a chunk size: zz");
        parser.reset(false);
        assertThatThrownBy(() ->
                        parser.feed(Buffer.buffer("HTTP/1.1 200 OK\r\nX: " + "y".repeat(ResponseParser.MAX_LINE)), 0))
                .hasMessage("a line of the answer is longer than " + ResponseParser.MAX_LINE + " bytes");
    }
}
