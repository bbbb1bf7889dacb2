// What SyncService tells observers (statistics logs) about each reply and each clock update, on its own thread.
package dev.jntp.daemon.sync;

import dev.jntp.engine.sync.ClockUpdate;
import dev.jntp.engine.sync.Measurement;
import dev.jntp.engine.sync.Regression;
import dev.jntp.engine.sync.SystemState;

/**
 * Called by the synchronisation thread right after the engine has handled an event, with
 * immutable values only. Implementations must return quickly and never block (hand the work
 * to another thread): the thread also takes the next replies. Both methods do nothing by default.
 */
public interface SyncListener {

    /** Listens to nothing. */
    SyncListener NONE = new SyncListener() {};

    /**
     * A datagram from a source was handled.
     *
     * @param source the source as published after the engine's update (its state, reach, jitter, address)
     * @param measurement what the reply measured and every packet test's verdict, or null when the datagram was
     *     not a valid reply (ignored, or a kiss-o'-death)
     * @param regression the source's regression after the sample was added, or null when the sample was not used
     * @param kernelTx whether request send times come from the kernel (chrony's 'K'), else from the daemon ('D')
     * @param kernelRx whether reply receive times come from the kernel
     */
    default void reply(SyncService.SourceView source, Measurement measurement, Regression regression,
            boolean kernelTx, boolean kernelRx) {}

    /**
     * The clock was updated (slewed or stepped).
     *
     * @param state the engine's state after the update
     * @param update the figures of the update beyond the state
     * @param peer the system peer as published after the update
     */
    default void clockUpdate(SystemState state, ClockUpdate update, SyncService.SourceView peer) {}
}
