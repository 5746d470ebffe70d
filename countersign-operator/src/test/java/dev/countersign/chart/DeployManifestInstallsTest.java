package dev.countersign.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.testkit.ProjectFiles;
import dev.countersign.testkit.apiserver.EmbeddedApiServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What a user applies is accepted by an API server as strict as a cluster's: every object of crds/
 * and deploy/countersign.yaml, applied by a cluster admin (the CRDs' CEL rules within the cost
 * budget, the admission policy's expressions compile, every object stored).
 */
class DeployManifestInstallsTest {

  @Test
  void theCrdsAndTheDeployManifestApplyCleanly() throws IOException {
    try (EmbeddedApiServer api = EmbeddedApiServer.start()) {
      KubernetesClient admin = api.client();
      List<String> applied = new ArrayList<>();
      List<Path> files = new ArrayList<>();
      try (Stream<Path> crds = Files.list(ProjectFiles.path("crds"))) {
        crds.sorted().forEach(files::add);
      }
      files.add(ProjectFiles.path("deploy", "countersign.yaml"));
      for (Path file : files) {
        try (InputStream yaml = Files.newInputStream(file)) {
          for (HasMetadata object : admin.load(yaml).items()) {
            admin.resource(object).createOr(existing -> existing.update());
            applied.add(object.getKind() + "/" + object.getMetadata().getName());
          }
        }
      }

      assertThat(applied)
          .contains(
              "CustomResourceDefinition/agentpolicies.countersign.dev",
              "ValidatingAdmissionPolicy/countersign-identity",
              "ClusterRole/countersign-operator",
              "Role/countersign-leader-election",
              "Deployment/countersign");
    }
  }
}
