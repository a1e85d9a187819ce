package dev.baton.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the tables of a README section whose rows start with a name in backquotes. */
final class ReadmeTables {

  static final Path README = Path.of("README.md");

  private ReadmeTables() {}

  /**
   * The rows of every table in the section under {@code heading} (a level-2 heading), keyed by the
   * first cell without its backquotes; the value is every cell of the row, trimmed.
   */
  static Map<String, List<String>> rows(String heading) throws IOException {
    List<String> lines = Files.readAllLines(README);
    int start = lines.indexOf("## " + heading);
    if (start < 0) {
      throw new AssertionError("README.md has no section \"## " + heading + "\"");
    }
    Map<String, List<String>> rows = new LinkedHashMap<>();
    for (String line : lines.subList(start + 1, lines.size())) {
      if (line.startsWith("## ")) {
        break;
      }
      if (line.startsWith("| `")) {
        List<String> cells = cells(line);
        String key = cells.get(0).replace("`", "");
        if (rows.put(key, cells) != null) {
          throw new AssertionError("README.md lists " + key + " twice under " + heading);
        }
      }
    }
    return rows;
  }

  private static List<String> cells(String line) {
    String inner = line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length());
    return new ArrayList<>(Arrays.stream(inner.split("\\|", -1)).map(String::trim).toList());
  }
}
