package dev.baton.testbed;

import io.fabric8.kubernetes.api.model.Pod;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One scrape of a pod's Prometheus metrics, found through its prometheus.io annotations. */
public final class Scrape {

  /** One sample line: a metric name, its labels and its value. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String text;
  private final List<Sample> samples;

  private Scrape(String text) {
    this.text = text;
    this.samples = parse(text);
  }

  /** Scrapes {@code pod} where its annotations say, as a Prometheus with pod discovery would. */
  public static Scrape of(Pod pod) throws Exception {
    Map<String, String> notes = pod.getMetadata().getAnnotations();
    if (notes == null || !"true".equals(notes.get("prometheus.io/scrape"))) {
      throw new AssertionError("pod " + pod.getMetadata().getName() + " is not marked to scrape");
    }
    URI uri =
        URI.create(
            "http://"
                + pod.getStatus().getPodIP()
                + ":"
                + notes.get("prometheus.io/port")
                + notes.get("prometheus.io/path"));
    HttpResponse<String> answer =
        HTTP.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      throw new AssertionError(uri + " answered " + answer.statusCode() + ": " + answer.body());
    }
    return new Scrape(answer.body());
  }

  /** Reads text in the Prometheus exposition format. */
  public static Scrape parseText(String text) {
    return new Scrape(text);
  }

  /** The sum of the samples named {@code name} whose labels include {@code labels} (k, v, ...). */
  public double value(String name, String... labels) {
    List<Sample> found = find(name, labels);
    if (found.isEmpty()) {
      throw new AssertionError(
          "no sample " + name + " " + List.of(labels) + " in\n" + lines("baton"));
    }
    return found.stream().mapToDouble(Sample::value).sum();
  }

  public boolean has(String name, String... labels) {
    return !find(name, labels).isEmpty();
  }

  /** The lines of the scrape that start with {@code prefix}, comments left out. */
  public String lines(String prefix) {
    return text.lines()
        .filter(line -> line.startsWith(prefix))
        .collect(java.util.stream.Collectors.joining("\n"));
  }

  private List<Sample> find(String name, String... labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name))
        .filter(
            s -> {
              for (int i = 0; i + 1 < labels.length; i += 2) {
                if (!labels[i + 1].equals(s.labels().get(labels[i]))) {
                  return false;
                }
              }
              return true;
            })
        .toList();
  }

  private static List<Sample> parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      String trimmed = line.strip();
      if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
        samples.add(sample(trimmed));
      }
    }
    return samples;
  }

  /** One line: {@code name{k="v",...} value [timestamp]}; values may hold escaped quotes. */
  private static Sample sample(String line) {
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    Map<String, String> labels = new LinkedHashMap<>();
    String name;
    int rest;
    if (brace >= 0 && brace < space) {
      name = line.substring(0, brace);
      rest = labels(line, brace + 1, labels);
    } else {
      name = line.substring(0, space);
      rest = space;
    }
    String[] fields = line.substring(rest).strip().split("\\s+");
    return new Sample(name, labels, Double.parseDouble(fields[0]));
  }

  /** Reads labels from {@code start} up to the closing brace; returns the index after it. */
  private static int labels(String line, int start, Map<String, String> into) {
    int i = start;
    while (line.charAt(i) != '}') {
      int equals = line.indexOf('=', i);
      String key = line.substring(i, equals).strip();
      StringBuilder value = new StringBuilder();
      int j = equals + 2;
      for (; line.charAt(j) != '"'; j++) {
        char c = line.charAt(j);
        if (c == '\\') {
          char next = line.charAt(++j);
          value.append(next == 'n' ? '\n' : next);
        } else {
          value.append(c);
        }
      }
      into.put(key, value.toString());
      i = j + 1;
      if (line.charAt(i) == ',') {
        i++;
      }
    }
    return i + 1;
  }
}
