// Tests how one load client books replies: matched, duplicate, foreign, malformed, and the round-trip time.
package dev.jntp.daemon.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoadClientTest {

    private static final long SALT = 0x5DEE_CE66_DBAD_F00DL;
    private final RequestStamp stamp = new RequestStamp(SALT);
    private LoadClient client;

    @BeforeEach
    void setUp() {
        client = new LoadClient(null, stamp, 100, 1000, 1, 0, 1_000_000_000L);
    }

    /** A server reply (mode 4) echoing {@code origin}. */
    private static ByteBuffer reply(long origin, int length) {
        ByteBuffer b = ByteBuffer.allocate(length);
        b.put(0, (byte) 0x24);
        b.putLong(24, origin);
        return b;
    }

    @Test
    void reply_isCountedAndTimed() {
        client.accept(reply(stamp.encode(5, 1_024_000), 48), 48, 1_064_000);

        assertThat(client.counts().received()).isEqualTo(1);
        assertThat(client.latency().count()).isEqualTo(1);
        assertThat(client.latency().max()).isEqualTo(40_000);
    }

    @Test
    void secondReplyToOneRequest_isADuplicate() {
        client.accept(reply(stamp.encode(5, 0), 48), 48, 10);
        client.accept(reply(stamp.encode(5, 0), 48), 48, 20);

        assertThat(client.counts().received()).isEqualTo(1);
        assertThat(client.counts().duplicates()).isEqualTo(1);
    }

    @Test
    void shortWrongModeForeignOrBeyondCount_areInvalid() {
        client.accept(reply(stamp.encode(1, 0), 48), 47, 10);
        ByteBuffer clientMode = reply(stamp.encode(2, 0), 48);
        clientMode.put(0, (byte) 0x23);
        client.accept(clientMode, 48, 10);
        client.accept(reply(new RequestStamp(~SALT).encode(3, 0), 48), 48, 10);
        client.accept(reply(stamp.encode(100, 0), 48), 48, 10);

        assertThat(client.counts().invalid()).isEqualTo(4);
        assertThat(client.counts().received()).isZero();
    }

    @Test
    void replyWithCryptoNak_isStillAReply() {
        client.accept(reply(stamp.encode(0, 0), 52), 52, 10);

        assertThat(client.counts().received()).isEqualTo(1);
    }
}
