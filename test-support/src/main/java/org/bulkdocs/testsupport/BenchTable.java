package org.bulkdocs.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One Markdown table of figures side by side with their baseline, printed and written to a file. */
public final class BenchTable {

  private final String title;
  private final List<String> rows = new ArrayList<>();

  public BenchTable(String title) {
    this.title = title;
  }

  public void row(String what, double measured, double baseline, String goal, boolean met) {
    rows.add(
        String.format(
            Locale.ROOT,
            "| %s | %s | %s | %.2fx | %s | %s |",
            what,
            format(measured),
            format(baseline),
            baseline == 0 ? 0 : measured / baseline,
            goal,
            goal.isEmpty() ? "" : met ? "met" : "MISSED"));
  }

  public void print(Path file) throws IOException {
    StringBuilder out = new StringBuilder();
    out.append("### ").append(title).append("\n\n");
    out.append("| figure | product | baseline | ratio | goal | |\n|---|---:|---:|---:|---|---|\n");
    rows.forEach(row -> out.append(row).append('\n'));
    System.out.println("\n" + out);
    Files.createDirectories(file.getParent());
    Files.writeString(file, out.toString());
  }

  private static String format(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e9
        ? String.valueOf((long) value)
        : String.format(Locale.ROOT, "%.1f", value);
  }
}
