package dev.countersign.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.Objects;

/**
 * One object of a Countersign kind: {@code apiVersion}, {@code kind}, {@code metadata}, {@code
 * spec} and {@code status}, with the group, version and plural read from the class's annotations.
 *
 * <p>It stands in for Fabric8's {@code CustomResource}, which lives in the Fabric8 client's API
 * module: with this class the API types depend on the Kubernetes model alone, so the decision core
 * and the plugin can use them without the client, and nothing is derived per object (Fabric8's
 * class works out the singular, plural and CRD name in every constructor).
 *
 * @param <S> the spec type
 * @param <T> the status type ({@link Void} for a kind without status)
 */
// Plain bean deserialization: Fabric8 otherwise routes every KubernetesResource through its
// polymorphic deserializer, which looks the kind up in a registry first.
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec", "status"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class CustomObject<S, T> implements HasMetadata {
  @JsonProperty("apiVersion")
  private final String apiVersion = HasMetadata.getApiVersion(getClass());

  @JsonProperty("kind")
  private final String kind = HasMetadata.getKind(getClass());

  private ObjectMeta metadata = new ObjectMeta();

  // Every Countersign kind needs its spec: the API server refuses an object without one.
  @JsonProperty("spec")
  @Required
  private S spec;

  @JsonProperty("status")
  private T status;

  @Override
  public String getApiVersion() {
    return apiVersion;
  }

  /** Ignored: the API version is the class's. */
  @Override
  public void setApiVersion(String version) {}

  @Override
  public String getKind() {
    return kind;
  }

  /** Ignored: the kind is the class's. */
  public void setKind(String ignored) {}

  @Override
  public ObjectMeta getMetadata() {
    return metadata;
  }

  @Override
  public void setMetadata(ObjectMeta metadata) {
    this.metadata = metadata;
  }

  public S getSpec() {
    return spec;
  }

  public void setSpec(S spec) {
    this.spec = spec;
  }

  public T getStatus() {
    return status;
  }

  public void setStatus(T status) {
    this.status = status;
  }

  /** The plural resource name, from {@code @Plural}. */
  @Override
  @JsonIgnore
  public String getPlural() {
    return HasMetadata.getPlural(getClass());
  }

  @Override
  @JsonIgnore
  public String getSingular() {
    return HasMetadata.getSingular(getClass());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CustomObject<?, ?> that
        && getClass() == that.getClass()
        && Objects.equals(metadata, that.metadata)
        && Objects.equals(spec, that.spec)
        && Objects.equals(status, that.status);
  }

  @Override
  public int hashCode() {
    return Objects.hash(getClass(), metadata, spec, status);
  }

  @Override
  public String toString() {
    return kind + "{metadata=" + metadata + ", spec=" + spec + ", status=" + status + "}";
  }
}
