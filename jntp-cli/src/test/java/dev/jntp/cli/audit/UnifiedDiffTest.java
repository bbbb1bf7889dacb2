// Tests the unified diff: hunks with three lines of context, deletions before insertions, new files, equal texts.
package dev.jntp.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnifiedDiffTest {

    @Test
    void of_changeInTheMiddle_oneHunkWithContext() {
        String a = "1\n2\n3\n4\nserver x\n6\n7\n8\n9\n";
        String b = "1\n2\n3\n4\nserver x iburst\n6\n7\n8\n9\n";

        assertThat(UnifiedDiff.of("/etc/chrony.conf", a, b)).isEqualTo("""
                --- a/etc/chrony.conf
                +++ b/etc/chrony.conf
                @@ -2,7 +2,7 @@
                 2
                 3
                 4
                -server x
                +server x iburst
                 6
                 7
                 8
                """);
    }

    @Test
    void of_changesFarApart_twoHunks_appendAtEnd() {
        String a = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\n";
        String b = "A\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n";

        assertThat(UnifiedDiff.of("/x", a, b)).isEqualTo("""
                --- a/x
                +++ b/x
                @@ -1,4 +1,4 @@
                -a
                +A
                 b
                 c
                 d
                @@ -10,3 +10,4 @@
                 j
                 k
                 l
                +m
                """);
    }

    @Test
    void of_newFileAndEqualTexts() {
        assertThat(UnifiedDiff.of("/etc/logrotate.d/x", "", "a\nb\n")).isEqualTo("""
                --- /dev/null
                +++ b/etc/logrotate.d/x
                @@ -0,0 +1,2 @@
                +a
                +b
                """);
        assertThat(UnifiedDiff.of("/x", "same\n", "same\n")).isEmpty();
    }
}
