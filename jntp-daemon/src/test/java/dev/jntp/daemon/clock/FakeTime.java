// A system clock for tests: real time and monotonic time that move only when the test says so.
package dev.jntp.daemon.clock;

/** A {@link TimeSource} advanced by hand; the real-time clock can also be stepped as another program would. */
final class FakeTime implements TimeSource {

    private long realtime;
    private long monotonic = 5_000_000_000L;

    FakeTime(long realtimeNanos) {
        this.realtime = realtimeNanos;
    }

    void advance(long nanos) {
        realtime += nanos;
        monotonic += nanos;
    }

    void advanceSeconds(double seconds) {
        advance(Math.round(seconds * 1e9));
    }

    /** Someone else steps the system clock; the monotonic clock does not move. */
    void stepRealtime(long nanos) {
        realtime += nanos;
    }

    @Override
    public long realtimeNanos() {
        return realtime;
    }

    @Override
    public long monotonicNanos() {
        return monotonic;
    }
}
