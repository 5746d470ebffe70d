package dev.countersign.testkit.apiserver.admission;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ValidatingAdmissionPolicies and their bindings the server holds, kept in step with the stored
 * objects. A policy applies only through a binding whose validationActions include Deny (Warn and
 * Audit record without refusing, so they refuse nothing here).
 */
public final class AdmissionPolicies {
  private final Map<String, ValidatingPolicy> policies = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Object>> bindings = new ConcurrentHashMap<>();

  /** Adds or replaces a policy. @throws IllegalArgumentException when it does not compile */
  public void putPolicy(Map<String, Object> policy) {
    ValidatingPolicy compiled = new ValidatingPolicy(policy);
    policies.put(compiled.name(), compiled);
  }

  public void removePolicy(String name) {
    policies.remove(name);
  }

  @SuppressWarnings("unchecked")
  public void putBinding(Map<String, Object> binding) {
    Map<String, Object> metadata = (Map<String, Object>) binding.get("metadata");
    bindings.put(String.valueOf(metadata.get("name")), binding);
  }

  public void removeBinding(String name) {
    bindings.remove(name);
  }

  /** The first denial among the bound policies that govern the write, or empty. */
  @SuppressWarnings("unchecked")
  public Optional<AdmissionDenial> admit(AdmissionRequest request) {
    for (Map.Entry<String, Map<String, Object>> binding : bindings.entrySet()) {
      Map<String, Object> spec =
          (Map<String, Object>) binding.getValue().getOrDefault("spec", Map.of());
      ValidatingPolicy policy = policies.get(String.valueOf(spec.get("policyName")));
      List<String> actions = (List<String>) spec.getOrDefault("validationActions", List.of());
      if (policy == null || !actions.contains("Deny") || !policy.matches(request)) {
        continue;
      }
      Optional<String[]> denied = policy.validate(request);
      if (denied.isPresent()) {
        return Optional.of(
            AdmissionDenial.of(
                request, policy.name(), binding.getKey(), denied.get()[0], denied.get()[1]));
      }
    }
    return Optional.empty();
  }
}
