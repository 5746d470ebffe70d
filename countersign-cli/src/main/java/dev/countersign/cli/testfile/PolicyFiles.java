package dev.countersign.cli.testfile;

import dev.countersign.api.v1alpha1.agentpolicy.AgentPolicySpec;
import dev.countersign.policy.PolicySnapshot;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads AgentPolicies from files and folders: every {@code .yaml} or {@code .yml} file (test files,
 * {@code *.countersign-test.yaml}, are skipped), every YAML document in each, strictly: a document
 * of another kind, an unknown field, or two policies with one name is an {@link InvalidFile}.
 */
public final class PolicyFiles {
  static final String API_VERSION = "countersign.dev/v1alpha1";
  static final String KIND = "AgentPolicy";
  public static final String TEST_FILE_SUFFIX = ".countersign-test.yaml";

  private PolicyFiles() {}

  /** An AgentPolicy document as written, read strictly. */
  record PolicyDocument(
      String apiVersion, String kind, ObjectMeta metadata, AgentPolicySpec spec, Object status) {}

  /**
   * The policies read, by name, each with the file it came from.
   *
   * @param snapshots every policy, as the operator would read it
   * @param sources the file each policy came from, by name
   */
  public record Loaded(List<PolicySnapshot> snapshots, Map<String, Path> sources) {}

  /**
   * Reads the policies under {@code paths}; {@code owner} and {@code field} name where the paths
   * were given (for messages).
   */
  public static Loaded read(List<Path> paths, Object owner, String field) {
    Map<String, PolicySnapshot> byName = new LinkedHashMap<>();
    Map<String, Path> sources = new LinkedHashMap<>();
    for (int i = 0; i < paths.size(); i++) {
      Path path = paths.get(i);
      String at = field + "[" + i + "]";
      if (!Files.exists(path)) {
        throw InvalidFile.at(owner, at, path + " does not exist");
      }
      List<Path> files = yamlFiles(path);
      if (files.isEmpty()) {
        throw InvalidFile.at(owner, at, path + " holds no AgentPolicy YAML (.yaml or .yml)");
      }
      for (Path file : files) {
        for (PolicyDocument doc : StrictYaml.readAll(file, PolicyDocument.class)) {
          PolicySnapshot snapshot = snapshot(file, doc);
          Path earlier = sources.putIfAbsent(snapshot.name(), file);
          if (earlier != null) {
            throw InvalidFile.at(
                file,
                "metadata.name",
                "AgentPolicy " + snapshot.name() + " is also defined in " + earlier);
          }
          byName.put(snapshot.name(), snapshot);
        }
      }
    }
    return new Loaded(List.copyOf(byName.values()), sources);
  }

  private static PolicySnapshot snapshot(Path file, PolicyDocument doc) {
    if (!KIND.equals(doc.kind())) {
      throw InvalidFile.at(
          file, "kind", "\"" + doc.kind() + "\" is not " + KIND + " (only AgentPolicies here)");
    }
    if (!API_VERSION.equals(doc.apiVersion())) {
      throw InvalidFile.at(
          file, "apiVersion", "\"" + doc.apiVersion() + "\" is not " + API_VERSION);
    }
    if (doc.metadata() == null || doc.metadata().getName() == null) {
      throw InvalidFile.at(file, "metadata.name", "missing");
    }
    if (doc.spec() == null) {
      throw InvalidFile.at(file, "spec", "missing in AgentPolicy " + doc.metadata().getName());
    }
    Long generation = doc.metadata().getGeneration();
    return new PolicySnapshot(
        doc.metadata().getName(), generation == null ? 1 : generation, doc.spec());
  }

  /** The file itself, or the YAML files under the folder (sorted, test files skipped). */
  private static List<Path> yamlFiles(Path path) {
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    try (Stream<Path> walk = Files.walk(path)) {
      List<Path> files = new ArrayList<>();
      walk.filter(Files::isRegularFile)
          .filter(
              p -> {
                String name = p.getFileName().toString();
                return (name.endsWith(".yaml") || name.endsWith(".yml"))
                    && !name.endsWith(TEST_FILE_SUFFIX);
              })
          .sorted()
          .forEach(files::add);
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
