package dev.countersign.testkit.apiserver;

import io.fabric8.mockwebserver.http.Dispatcher;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * How an {@link EmbeddedApiServer} is set up: the chart values it installs the chart's RBAC and
 * admission policy with, whether custom objects are validated against their CRD's schema, and a
 * test hook around the store. The defaults are a cluster with the chart installed as shipped.
 *
 * @param chartValues values the chart is rendered with ({@code --set key=value})
 * @param validateCustomResources whether custom objects are checked against their CRD's schema and
 *     CEL rules; off only to see what the operator does on its own with objects a cluster would
 *     have refused (as on a cluster whose CRDs were installed without their schema)
 * @param around wraps the store's dispatcher, behind authentication, authorization and admission,
 *     e.g. to inject faults
 * @param inFront wraps the whole server, e.g. to count every call as it arrives (the reviews the
 *     server answers itself, TokenReviews and SubjectAccessReviews, never reach the store)
 * @param tls whether the server speaks HTTPS with a self-signed certificate, as every real API
 *     server speaks TLS: kubectl sends a bearer token only over TLS (the sandbox) and the load
 *     benchmark measures its cost; off by default, as tests' Fabric8 clients need none
 */
public record ServerOptions(
    Map<String, Object> chartValues,
    boolean validateCustomResources,
    UnaryOperator<Dispatcher> around,
    UnaryOperator<Dispatcher> inFront,
    boolean tls) {

  public ServerOptions {
    chartValues = Map.copyOf(chartValues);
  }

  /** The chart as shipped, every custom object validated, no hook. */
  public static ServerOptions defaults() {
    return new ServerOptions(
        Map.of(), true, UnaryOperator.identity(), UnaryOperator.identity(), false);
  }

  /** With one more chart value. */
  public ServerOptions withChartValue(String key, Object value) {
    Map<String, Object> values = new HashMap<>(chartValues);
    values.put(key, value);
    return new ServerOptions(values, validateCustomResources, around, inFront, tls);
  }

  /**
   * Without the checks only the API server makes: no CRD schema or CEL validation and no admission
   * policy; RBAC stays. For tests of the operator's own re-checks.
   */
  public ServerOptions withoutApiServerValidation() {
    return new ServerOptions(chartValues, false, around, inFront, tls)
        .withChartValue("admissionPolicy.enabled", false);
  }

  /** With this hook around the store. */
  public ServerOptions around(UnaryOperator<Dispatcher> hook) {
    return new ServerOptions(chartValues, validateCustomResources, hook, inFront, tls);
  }

  /** With this hook in front of the whole server (it sees every call as it arrives). */
  public ServerOptions inFront(UnaryOperator<Dispatcher> hook) {
    return new ServerOptions(chartValues, validateCustomResources, around, hook, tls);
  }

  /**
   * Speaking HTTPS with a self-signed certificate: clients must trust it (the server's own clients
   * do; a separate process needs {@code trust-certs} or {@link EmbeddedApiServer#caCertificate()}).
   */
  public ServerOptions withTls() {
    return new ServerOptions(chartValues, validateCustomResources, around, inFront, true);
  }
}
