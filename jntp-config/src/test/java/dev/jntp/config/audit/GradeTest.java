// Tests the grading: points per severity, the letter scale's boundaries, the floor at zero, exit statuses.
package dev.jntp.config.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GradeTest {

    private static List<Finding> findings(Severity... s) {
        List<Finding> out = new ArrayList<>();
        for (Severity x : s) {
            out.add(new Finding("X", x, "t", List.of("e"), "w", "f"));
        }
        return out;
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(textBlock = """
            100, A
            90,  A
            89,  B+
            87,  B+
            86,  B
            83,  B
            82,  B-
            80,  B-
            79,  C+
            77,  C+
            76,  C
            73,  C
            72,  C-
            70,  C-
            69,  D+
            67,  D+
            66,  D
            63,  D
            62,  D-
            60,  D-
            59,  F
            0,   F
            """)
    void letter_score_isReadOffTheScale(int score, String letter) {
        assertThat(Grade.letter(score)).isEqualTo(letter);
    }

    @Test
    void of_findings_subtractWeightsFrom100() {
        assertThat(Grade.of(List.of())).isEqualTo(new Grade(100, "A"));
        assertThat(Grade.of(findings(Severity.MEDIUM, Severity.MEDIUM, Severity.LOW, Severity.LOW)))
                .isEqualTo(new Grade(78, "C+"));
        assertThat(Grade.of(findings(Severity.INFO, Severity.INFO))).isEqualTo(new Grade(100, "A"));
        assertThat(Grade.of(findings(Severity.HIGH))).isEqualTo(new Grade(85, "B"));
        assertThat(Grade.of(findings(Severity.CRITICAL, Severity.CRITICAL, Severity.CRITICAL)))
                .isEqualTo(new Grade(0, "F"));
    }

    @Test
    void exitStatus_isTheWorstSeverity() {
        assertThat(Severity.INFO.exitStatus()).isZero();
        assertThat(Severity.LOW.exitStatus()).isEqualTo(1);
        assertThat(Severity.MEDIUM.exitStatus()).isEqualTo(2);
        assertThat(Severity.HIGH.exitStatus()).isEqualTo(3);
        assertThat(Severity.CRITICAL.exitStatus()).isEqualTo(4);
    }
}
