/**
 * kube-apiserver's handling of custom resources, for tests that run against an embedded API server.
 *
 * <p>{@link dev.countersign.testkit.apiserver.validation.CrdSchemaValidator} validates creates,
 * updates and status updates of one CRD version: pruning, defaulting, the OpenAPI schema, list
 * types and {@code x-kubernetes-validations} rules (cel-java), with the API server's error wording;
 * {@link dev.countersign.testkit.apiserver.validation.InvalidStatus} renders its 422 body. {@link
 * dev.countersign.testkit.apiserver.validation.CelCostEstimator} reproduces the CEL cost check the
 * API server applies when a CRD is created. The wording and costs follow the Kubernetes sources of
 * mid-2026 (1.37 pre-release).
 */
package dev.countersign.testkit.apiserver.validation;
