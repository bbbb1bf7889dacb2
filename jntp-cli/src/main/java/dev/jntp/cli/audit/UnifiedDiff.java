// A unified diff of two texts (the format of diff -u), to show a remediation before it is applied.
package dev.jntp.cli.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * Lines are matched by a longest common subsequence (dynamic programming, which configuration files are small
 * enough for; beyond {@link #MAX_CELLS} the whole file is shown as replaced); hunks carry 3 lines of context.
 */
final class UnifiedDiff {

    static final int CONTEXT = 3;
    static final long MAX_CELLS = 4_000_000;

    private UnifiedDiff() {}

    /** The diff, with {@code a/PATH} and {@code b/PATH} headers; empty when the texts are equal. */
    static String of(String path, String before, String after) {
        if (before.equals(after)) {
            return "";
        }
        List<String> a = before.isEmpty() ? List.of() : before.lines().toList();
        List<String> b = after.isEmpty() ? List.of() : after.lines().toList();
        List<String> ops = ops(a, b);
        StringBuilder sb = new StringBuilder();
        sb.append("--- ").append(before.isEmpty() ? "/dev/null" : "a" + path).append('\n');
        sb.append("+++ b").append(path).append('\n');
        int i = 0;
        while (i < ops.size()) {
            if (ops.get(i).charAt(0) == ' ') {
                i++;
                continue;
            }
            int start = Math.max(0, i - CONTEXT);
            int end = i;
            int lastChange = i;
            while (end < ops.size() && end - lastChange <= 2 * CONTEXT) {
                if (ops.get(end).charAt(0) != ' ') {
                    lastChange = end;
                }
                end++;
            }
            end = Math.min(ops.size(), lastChange + CONTEXT + 1);
            int aStart = 1;
            int bStart = 1;
            for (int k = 0; k < start; k++) {
                aStart += ops.get(k).charAt(0) != '+' ? 1 : 0;
                bStart += ops.get(k).charAt(0) != '-' ? 1 : 0;
            }
            int aLen = 0;
            int bLen = 0;
            for (int k = start; k < end; k++) {
                aLen += ops.get(k).charAt(0) != '+' ? 1 : 0;
                bLen += ops.get(k).charAt(0) != '-' ? 1 : 0;
            }
            sb.append("@@ -").append(aLen == 0 ? aStart - 1 : aStart).append(',').append(aLen).append(" +")
                    .append(bLen == 0 ? bStart - 1 : bStart).append(',').append(bLen).append(" @@\n");
            for (int k = start; k < end; k++) {
                sb.append(ops.get(k)).append('\n');
            }
            i = end;
        }
        return sb.toString();
    }

    /** The edit script: each line prefixed ' ', '-' or '+'. */
    static List<String> ops(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>();
        if ((long) a.size() * b.size() > MAX_CELLS) {
            a.forEach(l -> out.add("-" + l));
            b.forEach(l -> out.add("+" + l));
            return out;
        }
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                out.add(" " + a.get(i++));
                j++;
            } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
                out.add("-" + a.get(i++));
            } else {
                out.add("+" + b.get(j++));
            }
        }
        return out;
    }
}
