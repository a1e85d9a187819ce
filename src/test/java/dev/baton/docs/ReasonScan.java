package dev.baton.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the condition and process-error reasons in Baton's source: the string literals passed as
 * the reason argument of the calls that set them. Reasons are literals at those calls rather than
 * constants, so they are read from the source text.
 */
final class ReasonScan {

  /** Each call that takes a reason, and the index of its reason argument. */
  static final Map<String, Integer> SINKS =
      Map.of(
          "conditions.set(", 2,
          "reportError(", 1,
          ".report(", 1,
          ".failed(", 1,
          "new ProcessError(", 0);

  /** Arguments that pass on a reason chosen elsewhere, at one of the calls above. */
  static final Set<String> PASS_THROUGH = Set.of("reason", "error.getReason()");

  private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Pattern DECLARATION = Pattern.compile("[\\w.<>]+\\s+\\w+");

  private final Set<String> reasons = new TreeSet<>();
  private final List<String> unreadable = new ArrayList<>();
  private int calls;

  static ReasonScan of(Path sources) {
    ReasonScan scan = new ReasonScan();
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        scan.read(file.getFileName().toString(), Files.readString(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return scan;
  }

  /** Every reason found as a literal. */
  Set<String> reasons() {
    return reasons;
  }

  /** Reason arguments that are neither a literal nor a known pass-through, with their file. */
  List<String> unreadable() {
    return unreadable;
  }

  /** How many calls that take a reason were read. */
  int calls() {
    return calls;
  }

  void read(String file, String source) {
    SINKS.forEach(
        (sink, index) -> {
          for (int at = source.indexOf(sink); at >= 0; at = source.indexOf(sink, at + 1)) {
            List<String> args = arguments(source, at + sink.length());
            if (args.size() <= index || DECLARATION.matcher(args.get(index)).matches()) {
              continue;
            }
            calls++;
            take(file, args.get(index));
          }
        });
  }

  private void take(String file, String argument) {
    Matcher literal = LITERAL.matcher(argument);
    boolean any = false;
    while (literal.find()) {
      reasons.add(literal.group(1));
      any = true;
    }
    if (!any && !PASS_THROUGH.contains(argument)) {
      unreadable.add(file + ": " + argument);
    }
  }

  /** The top-level arguments of a call whose argument list starts at {@code from}. */
  static List<String> arguments(String source, int from) {
    List<String> args = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int depth = 0;
    for (int i = from; i < source.length(); i++) {
      char c = source.charAt(i);
      if (c == '"' || c == '\'') {
        int end = endOfLiteral(source, i, c);
        current.append(source, i, end + 1);
        i = end;
        continue;
      }
      if (depth == 0 && (c == ')' || c == ',')) {
        args.add(current.toString().trim().replaceAll("\\s+", " "));
        current.setLength(0);
        if (c == ')') {
          return args;
        }
        continue;
      }
      depth += c == '(' || c == '[' || c == '{' ? 1 : c == ')' || c == ']' || c == '}' ? -1 : 0;
      current.append(c);
    }
    return args;
  }

  private static int endOfLiteral(String source, int start, char quote) {
    for (int i = start + 1; i < source.length(); i++) {
      if (source.charAt(i) == '\\') {
        i++;
      } else if (source.charAt(i) == quote) {
        return i;
      }
    }
    return source.length() - 1;
  }
}
