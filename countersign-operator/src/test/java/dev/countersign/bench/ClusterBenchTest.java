package dev.countersign.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.fixtures.ActionRequests;
import dev.countersign.fixtures.TestWorkloads;
import dev.countersign.testkit.apiserver.EmbeddedApiServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code make bench-cluster} refuses what it should before it touches any cluster. */
class ClusterBenchTest {
  @Test
  void onlyThisMachineCountsAsLocal() {
    assertThat(ClusterBench.isLocal("127.0.0.1")).isTrue();
    assertThat(ClusterBench.isLocal("localhost")).isTrue();
    assertThat(ClusterBench.isLocal("::1")).isTrue();
    assertThat(ClusterBench.isLocal("10.0.0.1")).isFalse();
    assertThat(ClusterBench.isLocal("prod.example.invalid")).isFalse();
    assertThat(ClusterBench.isLocal(null)).isFalse();
  }

  @Test
  void argumentsAreBoundedAndUnknownOnesNamed() {
    var settings =
        ClusterBench.Settings.parse(
            new String[] {"--yes-this-cluster", "--count", "200", "--rates", "5, 50"});
    assertThat(settings.yes()).isTrue();
    assertThat(settings.count()).isEqualTo(200);
    assertThat(settings.rates()).isEqualTo(List.of(5, 50));
    assertThat(ClusterBench.Settings.parse(new String[0]).yes()).isFalse();
    assertThatThrownBy(() -> ClusterBench.Settings.parse(new String[] {"--count", "100000"}))
        .hasMessage("--count must be between 1 and 5000, not 100000");
    assertThatThrownBy(() -> ClusterBench.Settings.parse(new String[] {"--rates", "fast"}))
        .hasMessage("--rates must be a number, not fast");
    assertThatThrownBy(() -> ClusterBench.Settings.parse(new String[] {"--yes"}))
        .hasMessageStartingWith("unknown argument --yes");
    assertThatThrownBy(() -> ClusterBench.Settings.parse(new String[] {"--count"}))
        .hasMessage("--count needs a value");
  }

  @Test
  void aRateGivenTwiceRunsTwiceUnderNamesOfItsOwn() {
    assertThat(ClusterBench.Settings.parse(new String[] {"--rates", "20,100,20"}).rates())
        .isEqualTo(List.of(20, 100, 20));
    // Each run's namespace (make bench) or request names (make bench-cluster) come from its tag:
    // the second 20/s run once collided with the first ("namespaces load-20 already exists").
    assertThat(LoadBench.runTags(List.of(20, 100, 20, 20)))
        .containsExactly("20", "100", "20-2", "20-3");
  }

  @Test
  void theListingMeasuresAThousandPendingRequestsUnlessToldOtherwise() {
    assertThat(ClusterBench.Settings.parse(new String[0]).list()).isEqualTo(1000);
    assertThat(ClusterBench.Settings.parse(new String[] {"--list", "0"}).list()).isZero();
    assertThat(ClusterBench.Settings.parse(new String[] {"--list", "200"}).list()).isEqualTo(200);
    assertThatThrownBy(() -> ClusterBench.Settings.parse(new String[] {"--list", "6000"}))
        .hasMessage("--list must be between 0 and 5000, not 6000");
  }

  @Test
  void theDoorMeasuresTwoHundredCallsOfEachKindUnlessToldOtherwise() {
    assertThat(ClusterBench.Settings.parse(new String[0]).door()).isEqualTo(200);
    assertThat(ClusterBench.Settings.parse(new String[] {"--door", "0"}).door()).isZero();
    assertThatThrownBy(() -> ClusterBench.Settings.parse(new String[] {"--door", "-1"}))
        .hasMessage("--door must be between 0 and 5000, not -1");
  }

  @Test
  void restartsAwaitTheNamespacesApproverServiceAccountAndNobodyElse() {
    var spec = ClusterBench.policy("countersign-bench-abc", "alice").getSpec();
    var restart =
        spec.rules().stream().filter(r -> r.action().equals("restart")).findFirst().orElseThrow();
    assertThat(restart.approval().approvers().users())
        .containsExactly("system:serviceaccount:countersign-bench-abc:countersign-bench-approver");
    assertThat(restart.approval().approvers().groups()).isEmpty();
    assertThat(spec.rules()).extracting(r -> r.action()).containsExactly("scale", "restart");
  }

  @Test
  void theApproverKubeconfigCarriesTheClustersTrustTheTokenAndTheNamespaceOnly(@TempDir Path dir)
      throws Exception {
    Path ca = dir.resolve("ca.crt");
    Files.writeString(ca, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    Config admin =
        new ConfigBuilder(Config.empty())
            .withMasterUrl("https://10.0.0.1:6443")
            .withCaCertFile(ca.toString())
            .withOauthToken("admin-token")
            .withClientCertData("admin-cert")
            .build();

    Path file = ListingBench.writeKubeconfig(admin, "countersign-bench-abc", "approver-token");
    try {
      assertThat(Files.getPosixFilePermissions(file))
          .containsExactlyInAnyOrder(
              PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
      io.fabric8.kubernetes.api.model.Config read = KubeConfigUtils.parseConfig(file.toFile());
      var cluster = read.getClusters().getFirst().getCluster();
      assertThat(cluster.getServer())
          .isEqualTo(admin.getMasterUrl())
          .startsWith("https://10.0.0.1:6443");
      assertThat(new String(Base64.getDecoder().decode(cluster.getCertificateAuthorityData())))
          .isEqualTo(Files.readString(ca));
      assertThat(cluster.getInsecureSkipTlsVerify()).isNull();
      var user = read.getUsers().getFirst().getUser();
      assertThat(user.getToken()).isEqualTo("approver-token");
      assertThat(user.getClientCertificateData()).isNull();
      assertThat(read.getContexts().getFirst().getContext().getNamespace())
          .isEqualTo("countersign-bench-abc");
      assertThat(Files.readString(file)).doesNotContain("admin-token", "admin-cert");
    } finally {
      Files.delete(file);
    }

    Path insecure =
        ListingBench.writeKubeconfig(
            new ConfigBuilder(Config.empty())
                .withMasterUrl("https://127.0.0.1:6443")
                .withTrustCerts(true)
                .build(),
            "ns",
            "t");
    try {
      assertThat(
              KubeConfigUtils.parseConfig(insecure.toFile())
                  .getClusters()
                  .getFirst()
                  .getCluster()
                  .getInsecureSkipTlsVerify())
          .isTrue();
    } finally {
      Files.delete(insecure);
    }
  }

  @Test
  void theLoadsRequestsAreGoneBeforeTheListingFilesItsOwn() throws Exception {
    try (EmbeddedApiServer api = EmbeddedApiServer.start()) {
      api.client().resource(TestWorkloads.namespace("bench")).create();
      api.client().resource(TestWorkloads.namespace("elsewhere")).create();
      for (String name : List.of("r20-0", "r20-1", "r100-0")) {
        api.fileAsRequester(ActionRequests.scale("web", 3).named(name).in("bench").build());
      }
      api.fileAsRequester(ActionRequests.scale("web", 3).named("keep").in("elsewhere").build());

      ListingBench.clearRequests(api.client(), "bench");

      assertThat(api.client().resources(ActionRequest.class).inNamespace("bench").list().getItems())
          .isEmpty();
      assertThat(
              api.client()
                  .resources(ActionRequest.class)
                  .inNamespace("elsewhere")
                  .list()
                  .getItems())
          .hasSize(1);
    }
  }

  @Test
  void bothCommandsMustListEveryPendingRequest() {
    assertThat(dev.countersign.testkit.bench.PairedCommands.listsRows(2).apply("NAME\na\nb\n"))
        .isNull();
    assertThat(dev.countersign.testkit.bench.PairedCommands.listsRows(3).apply("NAME\na\nb\n"))
        .isEqualTo("listed 2 rows, not 3");
  }

  @Test
  void thePluginsLauncherIsFoundFromAnyDirectoryOfTheRepository() {
    Path here = Path.of("").toAbsolutePath();
    assertThat(ListingBench.repositoryRoot(here)).contains(here.getParent());
    assertThat(ListingBench.repositoryRoot(Path.of("/"))).isEmpty();
  }

  @Test
  void thePolicyGovernsTheCallerWhoeverItIs() {
    assertThat(ClusterBench.policy("ns", "alice").getSpec().subjects().users())
        .containsExactly("alice");
    var sa = ClusterBench.policy("ns", "system:serviceaccount:ci:bench").getSpec().subjects();
    assertThat(sa.serviceAccounts())
        .singleElement()
        .satisfies(
            ref -> {
              assertThat(ref.namespace()).isEqualTo("ci");
              assertThat(ref.name()).isEqualTo("bench");
            });
  }
}
