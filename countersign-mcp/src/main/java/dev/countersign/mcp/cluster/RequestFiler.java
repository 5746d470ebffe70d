package dev.countersign.mcp.cluster;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.ActionRequestSpec;
import dev.countersign.mcp.DoorConfig;
import dev.countersign.mcp.auth.Caller;
import dev.countersign.mcp.cache.Vouched;
import dev.countersign.mcp.tools.ToolError;
import dev.countersign.mcp.tools.ToolError.Kind;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Files one ActionRequest with the door's own ServiceAccount on behalf of a verified caller: {@code
 * spec.requester} and {@code spec.requesterGroups} are the caller's as the TokenReview proved them,
 * and the request carries {@code countersign.dev/via: mcp}, which the admission policy requires of
 * every request the door files for someone else.
 *
 * <p>Idempotency lives in the cluster, not in memory, so that any replica answers a retry alike: a
 * call with an {@code idempotencyKey} files a request whose name is derived from the caller, the
 * namespace and the key; a retry finds the name taken (409) and returns the request already filed,
 * or says the key was used for a different request.
 *
 * <p>Each filing asks the API server two questions before the create: may the caller file in this
 * namespace (a SubjectAccessReview), and does the target exist (a GET). A yes to either is
 * remembered for {@link #REMEMBER_YES} on this replica ({@link Vouched}), so that an agent filing
 * several requests pays for them once: a filing then costs the create alone, as a plain {@code
 * kubectl create} would. A no is never remembered. What that allows: for up to {@link
 * #REMEMBER_YES} after the agent's RoleBinding is removed, or its target deleted, the door may
 * still file a request; the operator decides every request against the live workload and denies or
 * fails one whose target is gone, so nothing is ever executed on the strength of a remembered yes.
 */
public final class RequestFiler {
  /** Who filed the request: set by the door, required by the admission policy when it files. */
  public static final String VIA_ANNOTATION = "countersign.dev/via";

  public static final String VIA_MCP = "mcp";

  /** The caller's idempotency key, as it was given. */
  public static final String IDEMPOTENCY_ANNOTATION = "countersign.dev/idempotency-key";

  /** Most groups a request may claim (the CRD's bound). */
  private static final int MAX_GROUPS = 32;

  /** How long a yes (may file here, the target exists) is remembered on this replica. */
  public static final Duration REMEMBER_YES = Duration.ofSeconds(10);

  private static final int REMEMBERED_MAX = 10_000;

  private final ClusterView cluster;
  private final DoorConfig config;
  private final Vouched<MayFile, Boolean> mayFile;
  private final Vouched<Target, Boolean> targets;

  /** Whether {@code caller} may create ActionRequests in {@code namespace}. */
  private record MayFile(Caller caller, String namespace) {}

  /** A workload by namespace, kind and name. */
  private record Target(String namespace, String kind, String name) {}

  public RequestFiler(ClusterView cluster, DoorConfig config, Clock clock) {
    this.cluster = cluster;
    this.config = config;
    this.mayFile = new Vouched<>(REMEMBER_YES, REMEMBERED_MAX, clock);
    this.targets = new Vouched<>(REMEMBER_YES, REMEMBERED_MAX, clock);
  }

  /** A request filed now, or the one an earlier call with the same key filed. */
  public record Filed(ActionRequest request, boolean replayed) {}

  /** The spec of a request the caller asks for, with the verified identity. */
  public static ActionRequestSpec onBehalfOf(Caller caller, ActionRequestSpec asked) {
    List<String> groups =
        caller.groups().stream().filter(g -> g.length() <= 253).limit(MAX_GROUPS).toList();
    return new ActionRequestSpec(
        caller.username(),
        groups,
        asked.action(),
        asked.target(),
        asked.scale(),
        asked.rollback(),
        asked.dryRun(),
        asked.reasoning());
  }

  /** Refuses identities the door never files for, before the admission policy would. */
  public void checkMayFileFor(Caller caller) {
    if (caller.username().equals(config.doorIdentity())) {
      throw new ToolError(Kind.Forbidden, "the MCP door never files requests for itself");
    }
    if (caller.username().equals(config.operatorIdentity())) {
      throw new ToolError(
          Kind.Forbidden, "the MCP door never files requests for the Countersign operator");
    }
    if (!caller.isServiceAccount() && !config.allowHumanRequesters()) {
      throw new ToolError(
          Kind.Forbidden,
          "the MCP door files only for ServiceAccounts; "
              + caller.username()
              + " is a user (mcp.allowHumanRequesters is off)");
    }
  }

  public Filed file(
      Caller caller, String namespace, ActionRequestSpec spec, String idempotencyKey) {
    checkMayFileFor(caller);
    checkCallerMayFile(caller, namespace);
    // One read: in a namespace that does not exist, the workload does not either.
    var target = spec.target();
    if (!exists(new Target(namespace, target.kind(), target.name()))) {
      throw new ToolError(
          Kind.NotFound,
          target.kind()
              + " "
              + target.name()
              + " does not exist in namespace "
              + namespace
              + "; nothing was filed");
    }
    ActionRequest request = new ActionRequest();
    var meta =
        new ObjectMetaBuilder()
            .withNamespace(namespace)
            .addToAnnotations(VIA_ANNOTATION, VIA_MCP)
            .addToLabels("app.kubernetes.io/created-by", "countersign-mcp");
    if (idempotencyKey == null) {
      meta.withGenerateName("mcp-" + spec.action() + "-");
    } else {
      meta.withName(idempotentName(caller, namespace, spec.action(), idempotencyKey))
          .addToAnnotations(IDEMPOTENCY_ANNOTATION, idempotencyKey);
    }
    request.setMetadata(meta.build());
    request.setSpec(spec);
    try {
      return new Filed(cluster.client().resource(request).create(), false);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409 && idempotencyKey != null) {
        return replay(request, idempotencyKey);
      }
      throw refused(e);
    }
  }

  /**
   * The door files only where the caller could file itself: a SubjectAccessReview asks the API
   * server whether the verified identity may create ActionRequests in the namespace (the agent's
   * own RBAC, e.g. the chart's countersign-agent role bound there). Without it any authenticated
   * identity could file anywhere through the door.
   */
  private void checkCallerMayFile(Caller caller, String namespace) {
    MayFile question = new MayFile(caller, namespace);
    if (mayFile.known(question).isPresent()) {
      return;
    }
    SubjectAccessReview review =
        new SubjectAccessReviewBuilder()
            .withNewSpec()
            .withUser(caller.username())
            .withGroups(caller.groups())
            .withNewResourceAttributes()
            .withGroup("countersign.dev")
            .withResource("actionrequests")
            .withVerb("create")
            .withNamespace(namespace)
            .endResourceAttributes()
            .endSpec()
            .build();
    SubjectAccessReview answer = cluster.client().resource(review).create();
    if (answer.getStatus() == null || !Boolean.TRUE.equals(answer.getStatus().getAllowed())) {
      throw new ToolError(
          Kind.Forbidden,
          caller.username()
              + " may not create ActionRequests in namespace "
              + namespace
              + " (RBAC: bind it to the countersign-agent ClusterRole there); the door files only"
              + " where the agent could file itself; nothing was filed");
    }
    mayFile.remember(question, true);
  }

  private boolean exists(Target target) {
    if (targets.known(target).isPresent()) {
      return true;
    }
    boolean found = cluster.find(target.namespace(), target.kind(), target.name()).isPresent();
    if (found) {
      targets.remember(target, true);
    }
    return found;
  }

  private Filed replay(ActionRequest asked, String key) {
    ActionRequest existing =
        cluster
            .client()
            .resources(ActionRequest.class)
            .inNamespace(asked.getMetadata().getNamespace())
            .withName(asked.getMetadata().getName())
            .get();
    if (existing == null) {
      throw new ToolError(
          Kind.Conflict,
          "idempotencyKey " + key + ": the request was filed and is gone; use a new key");
    }
    Map<String, String> annotations = existing.getMetadata().getAnnotations();
    boolean sameKey = annotations != null && key.equals(annotations.get(IDEMPOTENCY_ANNOTATION));
    if (!sameKey || !asked.getSpec().equals(existing.getSpec())) {
      throw new ToolError(
          Kind.Conflict,
          "idempotencyKey "
              + key
              + " was already used for a different request ("
              + existing.getMetadata().getName()
              + "); nothing was filed. Use a new key for a new request.");
    }
    return new Filed(existing, true);
  }

  /** What the API server refused, in its own words (e.g. the admission policy's message). */
  static ToolError refused(KubernetesClientException e) {
    String message =
        e.getStatus() != null && e.getStatus().getMessage() != null
            ? e.getStatus().getMessage()
            : e.getMessage();
    Kind kind =
        switch (e.getCode()) {
          case 403 -> Kind.Forbidden;
          case 404 -> Kind.NotFound;
          case 409 -> Kind.Conflict;
          case 400, 422 -> Kind.InvalidArgument;
          default -> Kind.Unavailable;
        };
    return new ToolError(kind, "the API server refused the request; nothing was filed: " + message);
  }

  static String idempotentName(Caller caller, String namespace, String action, String key) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  (caller.username() + "\n" + namespace + "\n" + key)
                      .getBytes(StandardCharsets.UTF_8));
      return "mcp-" + action + "-" + HexFormat.of().formatHex(digest, 0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
