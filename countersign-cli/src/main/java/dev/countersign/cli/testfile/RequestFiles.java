package dev.countersign.cli.testfile;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequestSpec;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.nio.file.Path;

/** Reads an ActionRequest YAML file strictly, as {@code kubectl apply -f} would be given it. */
public final class RequestFiles {
  static final String KIND = "ActionRequest";

  private RequestFiles() {}

  /** An ActionRequest document as written. */
  record RequestDocument(
      String apiVersion, String kind, ObjectMeta metadata, ActionRequestSpec spec, Object status) {}

  /**
   * A request read from a file.
   *
   * @param namespace its metadata.namespace; null when it names none
   * @param spec its spec
   */
  public record FiledRequest(String namespace, ActionRequestSpec spec) {}

  public static FiledRequest read(Path file) {
    RequestDocument doc = StrictYaml.read(file, RequestDocument.class);
    if (!KIND.equals(doc.kind())) {
      throw InvalidFile.at(file, "kind", "\"" + doc.kind() + "\" is not " + KIND);
    }
    if (!PolicyFiles.API_VERSION.equals(doc.apiVersion())) {
      throw InvalidFile.at(
          file, "apiVersion", "\"" + doc.apiVersion() + "\" is not " + PolicyFiles.API_VERSION);
    }
    if (doc.spec() == null) {
      throw InvalidFile.at(file, "spec", "missing");
    }
    return new FiledRequest(
        doc.metadata() == null ? null : doc.metadata().getNamespace(), doc.spec());
  }
}
