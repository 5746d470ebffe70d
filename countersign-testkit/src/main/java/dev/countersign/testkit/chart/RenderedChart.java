package dev.countersign.testkit.chart;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import dev.countersign.testkit.ProjectFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The Helm chart {@code helm/countersign} rendered with helm-java (Helm's own Go library, no helm
 * binary), as the objects it would install: {@code RenderedChart.render(Map.of("replicaCount",
 * 3))}.
 */
public final class RenderedChart {
  public static final Path CHART = ProjectFiles.path("helm", "countersign");
  public static final String RELEASE = "countersign";
  public static final String NAMESPACE = "countersign-system";

  /**
   * The Kubernetes version rendered for: the oldest the chart supports (ValidatingAdmissionPolicy
   * v1).
   */
  public static final String KUBE_VERSION = "v1.30.0";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final String yaml;
  private final List<Map<String, Object>> objects;

  private RenderedChart(String yaml, List<Map<String, Object>> objects) {
    this.yaml = yaml;
    this.objects = objects;
  }

  /** The chart rendered with its default values. */
  public static RenderedChart render() {
    return render(Map.of());
  }

  /**
   * The chart rendered with these values set ({@code --set key=value}). Throws
   * IllegalStateException with Helm's message when rendering fails, e.g. when values.schema.json
   * rejects a value.
   */
  public static RenderedChart render(Map<String, Object> values) {
    TemplateCommand template =
        new Helm(CHART)
            .template()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withKubeVersion(KUBE_VERSION);
    values.forEach(template::set);
    return parse(JvmSignals.keptAcross(template::call));
  }

  /**
   * The chart's CRDs (its {@code crds/} folder, which Helm installs first and does not template)
   * followed by the rendered templates: what {@code helm template --include-crds} prints.
   */
  public static RenderedChart renderWithCrds(Map<String, Object> values) {
    StringBuilder yaml = new StringBuilder();
    try (Stream<Path> crds = Files.list(CHART.resolve("crds"))) {
      for (Path crd : crds.sorted().toList()) {
        yaml.append("---\n# Source: countersign/crds/")
            .append(crd.getFileName())
            .append('\n')
            .append(Files.readString(crd).strip())
            .append('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the chart's CRDs", e);
    }
    return parse(yaml + render(values).yaml());
  }

  static RenderedChart parse(String yaml) {
    try {
      List<Map<String, Object>> objects = new ArrayList<>();
      try (var docs = YAML.readerFor(Map.class).<Map<String, Object>>readValues(yaml)) {
        while (docs.hasNext()) {
          Map<String, Object> doc = docs.next();
          if (doc != null && !doc.isEmpty()) {
            objects.add(doc);
          }
        }
      }
      return new RenderedChart(yaml, List.copyOf(objects));
    } catch (IOException e) {
      throw new UncheckedIOException("the chart rendered YAML that does not parse", e);
    }
  }

  /** The rendered manifest, as Helm wrote it. */
  public String yaml() {
    return yaml;
  }

  public List<Map<String, Object>> objects() {
    return objects;
  }

  /** The objects of one kind. */
  public List<Map<String, Object>> ofKind(String kind) {
    return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
  }

  /** The one object of this kind and name; fails when there is none. */
  public Map<String, Object> get(String kind, String name) {
    return ofKind(kind).stream()
        .filter(o -> Objects.equals(name, at(o, "metadata", "name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("the chart renders no " + kind + " " + name));
  }

  /** An object as JSON, for assertions on nested fields. */
  public static String json(Object object) {
    try {
      return JSON.writeValueAsString(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The value at a path of map keys, or null. */
  @SuppressWarnings("unchecked")
  public static Object at(Object object, String... path) {
    Object current = object;
    for (String key : path) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = ((Map<String, Object>) map).get(key);
    }
    return current;
  }
}
