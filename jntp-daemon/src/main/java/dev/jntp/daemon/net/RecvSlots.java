// Native receive buffers for recvmsg and recvmmsg: per slot one mmsghdr, iovec, address, control block and data area.
package dev.jntp.daemon.net;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The headers point at their buffers once, at allocation; before each call only the lengths the kernel overwrites are
 * reset. Slot 0's mmsghdr begins with a plain msghdr, so a single recvmsg uses the same memory as a batch. Confined to
 * the thread holding the socket's receive lock.
 */
final class RecvSlots {

    /** Room for SCM_TIMESTAMPNS (32 bytes) and a few more control messages. */
    static final int CONTROL_BYTES = 128;

    private final int count;
    private final long dataBytes;
    private final MemorySegment vector;
    private final MemorySegment[] msgs;
    private final MemorySegment[] iovs;
    private final MemorySegment[] names;
    private final MemorySegment[] controls;
    private final MemorySegment[] data;

    RecvSlots(Arena arena, int count, long dataBytes) {
        this.count = count;
        this.dataBytes = dataBytes;
        vector = arena.allocate(Structs.MMSGHDR, count);
        MemorySegment iovArray = arena.allocate(Structs.IOVEC, count);
        MemorySegment nameArray = arena.allocate(Structs.SOCKADDR_STORAGE, count);
        MemorySegment controlArray = arena.allocate((long) CONTROL_BYTES * count, 8);
        MemorySegment dataArray = arena.allocate(dataBytes * count, 8);
        msgs = new MemorySegment[count];
        iovs = new MemorySegment[count];
        names = new MemorySegment[count];
        controls = new MemorySegment[count];
        data = new MemorySegment[count];
        for (int i = 0; i < count; i++) {
            msgs[i] = vector.asSlice(i * Structs.MMSGHDR.byteSize(), Structs.MMSGHDR);
            iovs[i] = iovArray.asSlice(i * Structs.IOVEC.byteSize(), Structs.IOVEC);
            names[i] = nameArray.asSlice(i * Structs.SOCKADDR_STORAGE.byteSize(), Structs.SOCKADDR_STORAGE);
            controls[i] = controlArray.asSlice((long) i * CONTROL_BYTES, CONTROL_BYTES);
            data[i] = dataArray.asSlice(i * dataBytes, dataBytes);
            iovs[i].set(ADDRESS, Structs.IOV_BASE, data[i]);
            iovs[i].set(JAVA_LONG, Structs.IOV_LEN, dataBytes);
            msgs[i].set(ADDRESS, Structs.MSG_NAME, names[i]);
            msgs[i].set(ADDRESS, Structs.MSG_IOV, iovs[i]);
            msgs[i].set(JAVA_LONG, Structs.MSG_IOVLEN, 1L);
            msgs[i].set(ADDRESS, Structs.MSG_CONTROL, controls[i]);
        }
    }

    /** Whether these slots hold {@code wanted} datagrams of {@code bytes} bytes each. */
    boolean fits(int wanted, long bytes) {
        return wanted <= count && bytes <= dataBytes;
    }

    int count() {
        return count;
    }

    long dataBytes() {
        return dataBytes;
    }

    /** The mmsghdr array for recvmmsg; also slot 0's msghdr for recvmsg. */
    MemorySegment vector() {
        return vector;
    }

    /** Limits slot {@code i} to {@code length} bytes: a longer datagram is cut there and flagged truncated. */
    void limit(int i, int length) {
        iovs[i].set(JAVA_LONG, Structs.IOV_LEN, Math.min(length, dataBytes));
    }

    /** Resets what the kernel writes back (address and control lengths, flags, byte count) in the first {@code n} slots. */
    void rearm(int n) {
        for (int i = 0; i < n; i++) {
            MemorySegment msg = msgs[i];
            msg.set(JAVA_INT, Structs.MSG_NAMELEN, (int) Structs.SOCKADDR_STORAGE.byteSize());
            msg.set(JAVA_LONG, Structs.MSG_CONTROLLEN, CONTROL_BYTES);
            msg.set(JAVA_INT, Structs.MSG_FLAGS, 0);
            msg.set(JAVA_INT, Structs.MMSG_LEN, 0);
        }
    }

    /** The byte count recvmmsg stored for slot {@code i}. */
    int received(int i) {
        return msgs[i].get(JAVA_INT, Structs.MMSG_LEN);
    }

    /** The time stamp of control message {@code type} in slot {@code i}, nanoseconds since the epoch, or 0. */
    long timestamp(int i, int type) {
        return Structs.timestampNanos(controls[i], msgs[i].get(JAVA_LONG, Structs.MSG_CONTROLLEN), type);
    }

    /** Copies slot {@code i}'s {@code length} bytes into {@code buf} and describes the datagram. */
    Received take(int i, byte[] buf, int length) {
        MemorySegment msg = msgs[i];
        MemorySegment.copy(data[i], JAVA_BYTE, 0, buf, 0, length);
        return new Received(length,
                SocketAddresses.decode(names[i], msg.get(JAVA_INT, Structs.MSG_NAMELEN)),
                Structs.rxTimestampNanos(controls[i], msg.get(JAVA_LONG, Structs.MSG_CONTROLLEN)),
                (msg.get(JAVA_INT, Structs.MSG_FLAGS) & Native.MSG_TRUNC) != 0);
    }
}
