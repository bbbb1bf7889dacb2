// A source's standing after selection, with chronyc's state codes.
package dev.jntp.engine.sync;

/** What selection made of a source; {@link #symbol()} is the code chronyc prints. */
public enum SourceState {
    /** The system peer. */
    SELECTED('*'),
    /** Combined with the system peer. */
    COMBINED('+'),
    /** A truechimer left out by clustering. */
    NOT_COMBINED('-'),
    /** Outside the majority interval. */
    FALSETICKER('x'),
    /** Not usable: no samples, unreachable, unsynchronised, too far, or noselect. */
    UNUSABLE('?');

    private final char symbol;

    SourceState(char symbol) {
        this.symbol = symbol;
    }

    public char symbol() {
        return symbol;
    }
}
