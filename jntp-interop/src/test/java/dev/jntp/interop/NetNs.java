// A network namespace the test creates (loopback up) and deletes, so tools that only use port 123 can run.
package dev.jntp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** {@code ip netns add} on creation, {@code ip netns del} on close. */
final class NetNs implements AutoCloseable {

    private final String name;

    private NetNs(String name) {
        this.name = name;
    }

    static NetNs create() {
        Tools.requireRoot();
        String ip = Tools.require("ip");
        String name = "jntp-it-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFFFFFFL);
        Tools.Run add = Tools.run(Duration.ofSeconds(10), ip, "netns", "add", name);
        assertThat(add.exit()).as("ip netns add: %s", add.all()).isZero();
        NetNs ns = new NetNs(name);
        Tools.Run up = Tools.run(Duration.ofSeconds(10), ip, "-n", name, "link", "set", "lo", "up");
        if (up.exit() != 0) {
            ns.close();
            throw new AssertionError("ip link set lo up: " + up.all());
        }
        return ns;
    }

    String name() {
        return name;
    }

    @Override
    public void close() {
        Tools.run(Duration.ofSeconds(10), Tools.require("ip"), "netns", "del", name);
    }
}
