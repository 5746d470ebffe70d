package dev.countersign.plugin;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff of two texts (longest common subsequence), printed as {@code - old} / {@code + new}
 * lines with {@link #CONTEXT} unchanged lines around each change, as {@code diff -u} does.
 */
final class TemplateDiff {
  static final int CONTEXT = 2;

  private TemplateDiff() {}

  /** The diff lines; empty when the texts are equal. */
  static List<String> lines(String from, String to) {
    String[] a = from.split("\n");
    String[] b = to.split("\n");
    int[][] lcs = new int[a.length + 1][b.length + 1];
    for (int i = a.length - 1; i >= 0; i--) {
      for (int j = b.length - 1; j >= 0; j--) {
        lcs[i][j] =
            a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    List<String> all = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < a.length || j < b.length) {
      if (i < a.length && j < b.length && a[i].equals(b[j])) {
        all.add("  " + a[i++]);
        j++;
      } else if (i < a.length && (j == b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
        all.add("- " + a[i++]);
      } else {
        all.add("+ " + b[j++]);
      }
    }
    return withContext(all);
  }

  private static List<String> withContext(List<String> all) {
    boolean[] keep = new boolean[all.size()];
    boolean changed = false;
    for (int k = 0; k < all.size(); k++) {
      if (!all.get(k).startsWith("  ")) {
        changed = true;
        for (int c = Math.max(0, k - CONTEXT); c <= Math.min(all.size() - 1, k + CONTEXT); c++) {
          keep[c] = true;
        }
      }
    }
    List<String> out = new ArrayList<>();
    if (!changed) {
      return out;
    }
    for (int k = 0; k < all.size(); k++) {
      if (keep[k]) {
        out.add(all.get(k));
      } else if (k > 0 && keep[k - 1]) {
        out.add("  …");
      }
    }
    return out;
  }
}
