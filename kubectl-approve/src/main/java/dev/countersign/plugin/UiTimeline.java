package dev.countersign.plugin;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;

/**
 * The ActionRequests the user may list, kept current by watches (Fabric8 informers) with the user's
 * own credentials: one cluster-wide when RBAC allows it, else one per readable namespace. The
 * namespaces the user may not list are remembered with the API server's words, for the page.
 */
final class UiTimeline implements AutoCloseable {

  /** A namespace whose requests the user may not list, and what the API server said. */
  record Unreadable(String namespace, String message) {}

  /** One change a watch saw: ADDED, MODIFIED or DELETED. */
  record Change(String type, String namespace, String name) {}

  private final List<SharedIndexInformer<ActionRequest>> informers = new ArrayList<>();
  private final List<Unreadable> unreadable = new ArrayList<>();
  private final List<String> readable = new ArrayList<>();
  private final Set<Consumer<Change>> listeners = new CopyOnWriteArraySet<>();

  private UiTimeline() {}

  /**
   * Lists and starts watching. With no namespaces named, every namespace the user may list: all at
   * once when they may list cluster-wide, else each namespace they may see (or the context's).
   *
   * @throws KubernetesClientException for anything but a 403 (unreachable cluster, 401)
   */
  static UiTimeline start(KubernetesClient client, List<String> named, String contextNamespace) {
    UiTimeline timeline = new UiTimeline();
    try {
      List<String> namespaces = named;
      if (named.isEmpty()) {
        if (mayList(client, null)) {
          timeline.watch(client, null);
          return timeline;
        }
        namespaces = visibleNamespaces(client, contextNamespace);
      }
      for (String namespace : namespaces) {
        try {
          if (mayList(client, namespace)) {
            timeline.watch(client, namespace);
          }
        } catch (KubernetesClientException e) {
          if (e.getCode() != 403) {
            throw e;
          }
          timeline.unreadable.add(new Unreadable(namespace, serverMessage(e)));
        }
      }
      return timeline;
    } catch (RuntimeException e) {
      timeline.close();
      throw e;
    }
  }

  /**
   * Whether listing is allowed: true, false for a cluster-wide 403, or a 403 thrown per namespace.
   */
  private static boolean mayList(KubernetesClient client, String namespace) {
    var requests = client.resources(ActionRequest.class);
    var options = new ListOptionsBuilder().withLimit(1L).build();
    if (namespace != null) {
      requests.inNamespace(namespace).list(options);
      return true;
    }
    try {
      requests.inAnyNamespace().list(options);
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403) {
        return false;
      }
      throw e;
    }
  }

  private static List<String> visibleNamespaces(KubernetesClient client, String contextNamespace) {
    try {
      return client.namespaces().list().getItems().stream()
          .map(Namespace::getMetadata)
          .map(m -> m.getName())
          .sorted()
          .toList();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 403) {
        throw e;
      }
      // Without the right to list namespaces, the context's namespace is the one we know of.
      return List.of(contextNamespace);
    }
  }

  private void watch(KubernetesClient client, String namespace) {
    var requests = client.resources(ActionRequest.class);
    var scoped = namespace == null ? requests.inAnyNamespace() : requests.inNamespace(namespace);
    informers.add(scoped.inform(new Notifier()));
    readable.add(namespace == null ? "*" : namespace);
  }

  /** Every request the watches hold, newest first. */
  List<ActionRequest> requests() {
    List<ActionRequest> all = new ArrayList<>();
    for (SharedIndexInformer<ActionRequest> informer : informers) {
      all.addAll(informer.getStore().list());
    }
    all.sort(NEWEST_FIRST);
    return all;
  }

  static final Comparator<ActionRequest> NEWEST_FIRST =
      Comparator.comparing(
              (ActionRequest r) -> String.valueOf(r.getMetadata().getCreationTimestamp()))
          .reversed()
          .thenComparing(r -> String.valueOf(r.getMetadata().getNamespace()))
          .thenComparing(r -> r.getMetadata().getName());

  /** The namespaces the user may not list, in the order they were named. */
  List<Unreadable> unreadable() {
    return List.copyOf(unreadable);
  }

  /** The scopes watched: {@code *} for all namespaces, else namespace names. */
  List<String> readable() {
    return List.copyOf(readable);
  }

  /** Tells {@code listener} of every change until the returned handle is closed. */
  AutoCloseable subscribe(Consumer<Change> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  private final class Notifier implements ResourceEventHandler<ActionRequest> {
    @Override
    public void onAdd(ActionRequest obj) {
      tell("ADDED", obj);
    }

    @Override
    public void onUpdate(ActionRequest oldObj, ActionRequest newObj) {
      tell("MODIFIED", newObj);
    }

    @Override
    public void onDelete(ActionRequest obj, boolean deletedFinalStateUnknown) {
      tell("DELETED", obj);
    }

    private void tell(String type, ActionRequest request) {
      Change change =
          new Change(type, request.getMetadata().getNamespace(), request.getMetadata().getName());
      listeners.forEach(l -> l.accept(change));
    }
  }

  private static String serverMessage(KubernetesClientException e) {
    return e.getStatus() != null && e.getStatus().getMessage() != null
        ? e.getStatus().getMessage()
        : Failures.describe(e);
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
  }
}
