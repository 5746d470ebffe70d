package dev.countersign.workload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.api.v1alpha1.actionrequest.ExecutionRecord.Change;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Pod templates as the workload controllers see them: compared semantically (serialized JSON, empty
 * fields ignored), with the {@code pod-template-hash} label that the Deployment controller adds to
 * a ReplicaSet's template left out.
 */
public final class PodTemplates {

  /** The pod-template annotation {@code kubectl rollout restart} sets, as restart does. */
  public static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

  /** The label the Deployment controller adds to each ReplicaSet's selector and template. */
  public static final String POD_TEMPLATE_HASH = "pod-template-hash";

  /** Plain Jackson: the Kubernetes model classes carry their own JSON annotations. */
  private static final ObjectMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private PodTemplates() {}

  /** A deep copy of the template without the {@code pod-template-hash} label. */
  public static PodTemplateSpec withoutHashLabel(PodTemplateSpec template) {
    PodTemplateSpec copy = JSON.convertValue(JSON.valueToTree(template), PodTemplateSpec.class);
    if (copy.getMetadata() != null && copy.getMetadata().getLabels() != null) {
      Map<String, String> labels = new HashMap<>(copy.getMetadata().getLabels());
      labels.remove(POD_TEMPLATE_HASH);
      copy.getMetadata().setLabels(labels);
    }
    return copy;
  }

  /** Whether both templates describe the same pods, ignoring {@code pod-template-hash}. */
  public static boolean same(PodTemplateSpec a, PodTemplateSpec b) {
    return canonical(a).equals(canonical(b));
  }

  /**
   * The template as JSON without the {@code pod-template-hash} label and without null or empty
   * values, so that "absent" and "empty" compare equal.
   */
  public static JsonNode canonical(PodTemplateSpec template) {
    JsonNode node =
        JSON.convertValue(
            template == null ? new PodTemplateSpec() : withoutHashLabel(template), JsonNode.class);
    return prune(node);
  }

  /**
   * The {@code spec.template} in a ControllerRevision's {@code data}, a strategic-merge patch such
   * as {@code {"spec":{"template":{..., "$patch":"replace"}}}}; directives ({@code $patch}) are
   * dropped. Null when the data holds no template.
   */
  public static PodTemplateSpec fromRevisionData(Object data) {
    if (data == null) {
      return null;
    }
    JsonNode template = JSON.convertValue(data, JsonNode.class).path("spec").path("template");
    if (!template.isObject()) {
      return null;
    }
    stripDirectives(template);
    return JSON.convertValue(template, PodTemplateSpec.class);
  }

  /** The template as a JSON string. */
  public static String toJson(PodTemplateSpec template) {
    try {
      return JSON.writeValueAsString(template);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the pod template cannot be written as JSON", e);
    }
  }

  /**
   * One change per container whose image differs, e.g. {@code
   * spec.template.spec.containers[app].image} from {@code shop/web:1.3} to {@code shop/web:1.2};
   * "(none)" when the container exists on one side only.
   */
  public static List<Change> imageChanges(PodTemplateSpec from, PodTemplateSpec to) {
    List<Change> changes = new ArrayList<>();
    addImageChanges("initContainers", images(from, true), images(to, true), changes);
    addImageChanges("containers", images(from, false), images(to, false), changes);
    return changes;
  }

  private static void addImageChanges(
      String field, Map<String, String> from, Map<String, String> to, List<Change> changes) {
    Set<String> names = new LinkedHashSet<>(from.keySet());
    names.addAll(to.keySet());
    for (String name : names) {
      String before = from.getOrDefault(name, "(none)");
      String after = to.getOrDefault(name, "(none)");
      if (!Objects.equals(before, after)) {
        changes.add(
            new Change("spec.template.spec." + field + "[" + name + "].image", before, after));
      }
    }
  }

  private static Map<String, String> images(PodTemplateSpec template, boolean init) {
    Map<String, String> images = new LinkedHashMap<>();
    if (template == null || template.getSpec() == null) {
      return images;
    }
    List<Container> containers =
        init ? template.getSpec().getInitContainers() : template.getSpec().getContainers();
    if (containers != null) {
      for (Container c : containers) {
        images.put(c.getName(), Objects.toString(c.getImage(), "(none)"));
      }
    }
    return images;
  }

  private static JsonNode prune(JsonNode node) {
    if (node.isObject()) {
      List<String> empty = new ArrayList<>();
      node.fieldNames()
          .forEachRemaining(
              name -> {
                if (isEmpty(prune(node.get(name)))) {
                  empty.add(name);
                }
              });
      ((ObjectNode) node).remove(empty);
    } else if (node.isArray()) {
      node.forEach(PodTemplates::prune);
    }
    return node;
  }

  private static boolean isEmpty(JsonNode node) {
    return node.isNull() || node.isMissingNode() || (node.isContainerNode() && node.isEmpty());
  }

  private static void stripDirectives(JsonNode node) {
    if (node instanceof ObjectNode object) {
      List<String> directives = new ArrayList<>();
      object
          .fieldNames()
          .forEachRemaining(
              n -> {
                if (n.startsWith("$")) {
                  directives.add(n);
                }
              });
      object.remove(directives);
      object.forEach(PodTemplates::stripDirectives);
    } else if (node != null && node.isArray()) {
      node.forEach(PodTemplates::stripDirectives);
    }
  }
}
