// The audit's grade: 100 points less each finding's weight, read off a school-style letter scale.
package dev.jntp.config.audit;

import java.util.List;

/**
 * docs/audit.md, "Grading": score = max(0, 100 - sum of the findings' weights (critical 40, high 15, medium 8,
 * low 3, info 0)); A from 90, then B+ 87, B 83, B- 80, C+ 77, C 73, C- 70, D+ 67, D 63, D- 60, F below.
 *
 * @param score 0 to 100
 * @param letter A to F
 */
public record Grade(int score, String letter) {

    private static final int[] FLOORS = {90, 87, 83, 80, 77, 73, 70, 67, 63, 60};
    private static final String[] LETTERS = {"A", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "D-"};

    /** The grade of these findings. */
    public static Grade of(List<Finding> findings) {
        int score = Math.max(0, 100 - findings.stream().mapToInt(f -> f.severity().weight()).sum());
        return new Grade(score, letter(score));
    }

    /** The letter of a score. */
    static String letter(int score) {
        for (int i = 0; i < FLOORS.length; i++) {
            if (score >= FLOORS[i]) {
                return LETTERS[i];
            }
        }
        return "F";
    }
}
