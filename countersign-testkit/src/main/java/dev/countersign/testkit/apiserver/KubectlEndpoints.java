package dev.countersign.testkit.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * What plain {@code kubectl} asks of an API server beyond storing objects, answered from the
 * built-in kinds of {@link BuiltinResources} and the CRDs stored so far: discovery ({@code /api},
 * {@code /apis}, each group version's resource list with short names and categories), server-side
 * printing (a {@code Table} for a GET that accepts one, with the CRD's {@code
 * additionalPrinterColumns}), and OpenAPI v3 documents of the CRDs' schemas (for {@code kubectl
 * explain}). Everything else goes to the store. It runs after authentication and authorization.
 */
final class KubectlEndpoints extends Dispatcher {
  private static final ObjectMapper JSON = Serialization.jsonMapper();
  private static final String TABLE = "as=Table";

  private final Dispatcher store;

  /** Stored CRDs by name. */
  private final Map<String, ObjectNode> crds = new ConcurrentHashMap<>();

  KubectlEndpoints(Dispatcher store) {
    this.store = store;
  }

  void putCrd(ObjectNode crd) {
    crds.put(crd.path("metadata").path("name").asText(), crd);
  }

  void removeCrd(ObjectNode crd) {
    crds.remove(crd.path("metadata").path("name").asText());
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String target = request.getPath();
    int question = target.indexOf('?');
    String path = question < 0 ? target : target.substring(0, question);
    String query = question < 0 ? "" : target.substring(question + 1);
    if (!"GET".equals(request.getMethod())) {
      return store.dispatch(request);
    }
    String[] parts = path.replaceAll("^/+|/+$", "").split("/");
    if (path.equals("/api")) {
      ObjectNode versions = JSON.createObjectNode().put("kind", "APIVersions");
      versions.putArray("versions").add("v1");
      return json(versions);
    }
    if (path.equals("/apis")) {
      return json(groupList());
    }
    if (path.equals("/api/v1") || (parts.length == 3 && "apis".equals(parts[0]))) {
      String group = parts.length == 3 ? parts[1] : "";
      String version = parts.length == 3 ? parts[2] : parts[1];
      List<ObjectNode> resources = resources(group, version);
      return resources.isEmpty() ? notFound(path) : json(resourceList(group, version, resources));
    }
    if (path.equals("/openapi/v3")) {
      return json(openApiIndex());
    }
    if (path.startsWith("/openapi/v3/apis/") && parts.length == 5) {
      ObjectNode document = openApi(parts[3], parts[4]);
      return document == null ? notFound(path) : json(document);
    }
    if (path.equals("/openapi/v3/api/v1")) {
      return json(openApi("", "v1"));
    }
    if (path.startsWith("/openapi/")) {
      return notFound(path);
    }
    if (isHttpWatch(request, query)) {
      return httpWatch(request, path, query);
    }
    String accept = String.valueOf(request.getHeader("Accept"));
    MockResponse answer = store.dispatch(request);
    if (accept.contains(TABLE)
        && !query.contains("watch=true")
        && answer.code() == 200
        && answer.getBody() != null) {
      JsonNode body =
          ObjectWrites.parse(new String(answer.getBody().getBytes(), StandardCharsets.UTF_8));
      if (body != null && (path.startsWith("/api/") || path.startsWith("/apis/"))) {
        return json(table(path, body));
      }
    }
    return answer;
  }

  @Override
  public void shutdown() {
    store.shutdown();
  }

  // --- watches over plain HTTP (kubectl wait, kubectl get -w) ---

  private static boolean isHttpWatch(RecordedRequest request, String query) {
    return (("&" + query + "&").contains("&watch=true&")
            || ("&" + query + "&").contains("&watch=1&"))
        && !"websocket".equalsIgnoreCase(String.valueOf(request.getHeader("Upgrade")));
  }

  /**
   * A watch as kubectl asks for it, over a plain HTTP response rather than a WebSocket (the store
   * watches only over WebSockets). The mock server sends a response only whole, so this answers
   * with what changed since the watch's {@code resourceVersion}, each object that did as one
   * MODIFIED event, and ends; after an empty answer, only after a second. The client then watches
   * again from the last version it saw, as it does whenever an API server ends a watch. Deletions
   * are not reported.
   */
  private MockResponse httpWatch(RecordedRequest request, String path, String query) {
    long since = 0;
    StringBuilder list = new StringBuilder();
    for (String parameter : query.split("&")) {
      if (parameter.startsWith("resourceVersion=")) {
        try {
          since = Long.parseLong(parameter.substring("resourceVersion=".length()));
        } catch (NumberFormatException e) {
          since = 0;
        }
      } else if (parameter.startsWith("fieldSelector=") || parameter.startsWith("labelSelector=")) {
        list.append(list.isEmpty() ? '?' : '&').append(parameter);
      }
    }
    MockResponse listed =
        store.dispatch(
            new RecordedRequest(
                request.getHttpVersion(),
                request.method(),
                path + list,
                request.getHeaders(),
                new io.fabric8.mockwebserver.http.Buffer()));
    StringBuilder events = new StringBuilder();
    JsonNode body =
        listed.code() == 200 && listed.getBody() != null
            ? ObjectWrites.parse(new String(listed.getBody().getBytes(), StandardCharsets.UTF_8))
            : null;
    if (body != null) {
      JsonNode items = body.path("items");
      for (JsonNode item : items) {
        long version;
        try {
          version = Long.parseLong(item.path("metadata").path("resourceVersion").asText("0"));
        } catch (NumberFormatException e) {
          version = Long.MAX_VALUE;
        }
        if (version > since) {
          ObjectNode event = JSON.createObjectNode().put("type", "MODIFIED");
          event.set("object", item);
          events.append(event).append('\n');
        }
      }
    }
    boolean quiet = events.isEmpty();
    if (quiet && body != null) {
      // A bookmark at the version asked for: the mock server sends an empty body at once, and
      // this one is sent after the delay, so that a quiet watch is not a busy loop.
      ObjectNode bookmark = JSON.createObjectNode().put("type", "BOOKMARK");
      ObjectNode object =
          bookmark
              .putObject("object")
              .put("kind", kindOf(path))
              .put("apiVersion", apiVersionOf(path));
      object.putObject("metadata").put("resourceVersion", Long.toString(since));
      events.append(bookmark).append('\n');
    }
    MockResponse answer =
        new MockResponse()
            .setResponseCode(200)
            .setHeader("Content-Type", "application/json")
            .setBody(events.toString());
    if (quiet) {
      answer.setBodyDelay(Duration.ofSeconds(1));
    }
    return answer;
  }

  /** The group version of a resource path, as an apiVersion. */
  private static String apiVersionOf(String path) {
    String[] parts = path.replaceAll("^/+|/+$", "").split("/");
    return "api".equals(parts[0]) ? parts[1] : parts[1] + "/" + parts[2];
  }

  /** The kind of the resource a path lists, or "" when this server does not know it. */
  private String kindOf(String path) {
    String[] parts = path.replaceAll("^/+|/+$", "").split("/");
    boolean core = "api".equals(parts[0]);
    String group = core ? "" : parts[1];
    String version = core ? parts[1] : parts[2];
    String plural = parts[parts.length - 1];
    return resources(group, version).stream()
        .filter(r -> r.path("name").asText().equals(plural))
        .map(r -> r.path("kind").asText())
        .findFirst()
        .orElse("");
  }

  // --- discovery ---

  /** Every group version served: the built-in ones, then the CRDs' served versions. */
  private Map<String, Set<String>> groups() {
    Map<String, Set<String>> groups = new LinkedHashMap<>();
    for (var resource : BuiltinResources.RESOURCES) {
      if (!resource.group().isEmpty()) {
        groups
            .computeIfAbsent(resource.group(), g -> new LinkedHashSet<>())
            .add(resource.version());
      }
    }
    for (ObjectNode crd : crds.values()) {
      for (JsonNode version : crd.path("spec").path("versions")) {
        if (version.path("served").asBoolean(true)) {
          groups
              .computeIfAbsent(crd.path("spec").path("group").asText(), g -> new LinkedHashSet<>())
              .add(version.path("name").asText());
        }
      }
    }
    return groups;
  }

  private ObjectNode groupList() {
    ObjectNode list = JSON.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
    ArrayNode items = list.putArray("groups");
    groups()
        .forEach(
            (group, versions) -> {
              ObjectNode item = items.addObject().put("name", group);
              ArrayNode all = item.putArray("versions");
              for (String version : versions) {
                all.addObject().put("groupVersion", group + "/" + version).put("version", version);
              }
              item.set("preferredVersion", all.get(0).deepCopy());
            });
    return list;
  }

  private List<ObjectNode> resources(String group, String version) {
    List<ObjectNode> resources = new ArrayList<>();
    for (var builtin : BuiltinResources.RESOURCES) {
      if (builtin.group().equals(group) && builtin.version().equals(version)) {
        resources.add(
            resource(
                builtin.plural(),
                builtin.singular(),
                builtin.kind(),
                builtin.namespaced(),
                builtin.shortNames(),
                List.of(),
                builtin.verbs()));
        for (String sub : builtin.subresources()) {
          resources.add(
              resource(
                  builtin.plural() + "/" + sub,
                  "",
                  "scale".equals(sub) ? "Scale" : builtin.kind(),
                  builtin.namespaced(),
                  List.of(),
                  List.of(),
                  List.of("get", "patch", "update")));
        }
      }
    }
    for (ObjectNode crd : crds.values()) {
      JsonNode spec = crd.path("spec");
      if (!spec.path("group").asText().equals(group)) {
        continue;
      }
      for (JsonNode served : spec.path("versions")) {
        if (!served.path("name").asText().equals(version)) {
          continue;
        }
        JsonNode names = spec.path("names");
        boolean namespaced = "Namespaced".equals(spec.path("scope").asText());
        resources.add(
            resource(
                names.path("plural").asText(),
                names.path("singular").asText(),
                names.path("kind").asText(),
                namespaced,
                texts(names.path("shortNames")),
                texts(names.path("categories")),
                BuiltinResources.ALL_VERBS));
        if (served.path("subresources").has("status")) {
          resources.add(
              resource(
                  names.path("plural").asText() + "/status",
                  "",
                  names.path("kind").asText(),
                  namespaced,
                  List.of(),
                  List.of(),
                  List.of("get", "patch", "update")));
        }
      }
    }
    return resources;
  }

  private static ObjectNode resource(
      String name,
      String singular,
      String kind,
      boolean namespaced,
      List<String> shortNames,
      List<String> categories,
      List<String> verbs) {
    ObjectNode resource =
        JSON.createObjectNode()
            .put("name", name)
            .put("singularName", singular)
            .put("namespaced", namespaced)
            .put("kind", kind);
    verbs.forEach(resource.putArray("verbs")::add);
    if (!shortNames.isEmpty()) {
      shortNames.forEach(resource.putArray("shortNames")::add);
    }
    if (!categories.isEmpty()) {
      categories.forEach(resource.putArray("categories")::add);
    }
    return resource;
  }

  private static ObjectNode resourceList(String group, String version, List<ObjectNode> resources) {
    ObjectNode list =
        JSON.createObjectNode()
            .put("kind", "APIResourceList")
            .put("apiVersion", "v1")
            .put("groupVersion", group.isEmpty() ? version : group + "/" + version);
    list.putArray("resources").addAll(resources);
    return list;
  }

  // --- OpenAPI v3 (kubectl explain) ---

  private ObjectNode openApiIndex() {
    ObjectNode index = JSON.createObjectNode();
    ObjectNode paths = index.putObject("paths");
    Map<String, Set<String>> groups = new LinkedHashMap<>();
    groups.put("", Set.of("v1"));
    groups.putAll(groups());
    groups.forEach(
        (group, versions) -> {
          for (String version : versions) {
            String key = group.isEmpty() ? "api/" + version : "apis/" + group + "/" + version;
            ObjectNode document = openApi(group, version);
            paths
                .putObject(key)
                .put(
                    "serverRelativeURL",
                    "/openapi/v3/" + key + "?hash=" + Integer.toHexString(document.hashCode()));
          }
        });
    return index;
  }

  /**
   * The group version's document as the API server publishes it for CRDs: one schema per kind,
   * named by the reversed group (as {@code dev.countersign.v1alpha1.ActionRequest}) and tagged with
   * its group, version and kind, which is how {@code kubectl explain} finds it.
   */
  private ObjectNode openApi(String group, String version) {
    ObjectNode schemas = JSON.createObjectNode();
    ObjectNode paths = JSON.createObjectNode();
    for (var builtin : BuiltinResources.RESOURCES) {
      if (builtin.group().equals(group) && builtin.version().equals(version)) {
        patchPath(paths, group, version, builtin.plural(), builtin.kind(), builtin.namespaced());
      }
    }
    for (ObjectNode crd : crds.values()) {
      JsonNode spec = crd.path("spec");
      if (!spec.path("group").asText().equals(group)) {
        continue;
      }
      for (JsonNode served : spec.path("versions")) {
        if (!served.path("name").asText().equals(version)) {
          continue;
        }
        String kind = spec.path("names").path("kind").asText();
        patchPath(
            paths,
            group,
            version,
            spec.path("names").path("plural").asText(),
            kind,
            "Namespaced".equals(spec.path("scope").asText()));
        ObjectNode schema = served.path("schema").path("openAPIV3Schema").deepCopy();
        ArrayNode gvk = schema.putArray("x-kubernetes-group-version-kind");
        gvk.addObject().put("group", group).put("kind", kind).put("version", version);
        schemas.set(reversed(group) + "." + version + "." + kind, schema);
      }
    }
    if (paths.isEmpty()) {
      return null;
    }
    ObjectNode document = JSON.createObjectNode().put("openapi", "3.0.0");
    document.putObject("info").put("title", "Kubernetes").put("version", "v1.32.0");
    document.set("paths", paths);
    document.putObject("components").set("schemas", schemas);
    return document;
  }

  /**
   * The PATCH operation of one object's path, with the {@code fieldValidation} parameter: kubectl
   * looks for it to decide that the server validates fields itself ({@code kubectl apply}'s
   * default, strict validation), and otherwise downloads OpenAPI v2 to validate on its own.
   */
  private static void patchPath(
      ObjectNode paths,
      String group,
      String version,
      String plural,
      String kind,
      boolean namespaced) {
    String path =
        (group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version)
            + (namespaced ? "/namespaces/{namespace}/" : "/")
            + plural
            + "/{name}";
    ObjectNode patch = paths.putObject(path).putObject("patch");
    patch
        .putObject("x-kubernetes-group-version-kind")
        .put("group", group)
        .put("kind", kind)
        .put("version", version);
    patch.putArray("parameters").addObject().put("name", "fieldValidation").put("in", "query");
  }

  private static String reversed(String group) {
    List<String> parts = new ArrayList<>(List.of(group.split("\\.")));
    java.util.Collections.reverse(parts);
    return String.join(".", parts);
  }

  // --- Tables (kubectl get) ---

  private ObjectNode table(String path, JsonNode body) {
    String[] parts = path.replaceAll("^/+|/+$", "").split("/");
    boolean core = "api".equals(parts[0]);
    String group = core ? "" : parts[1];
    int at = core ? 2 : 3;
    if (parts.length > at + 1 && "namespaces".equals(parts[at])) {
      at += 2;
    }
    String plural = parts.length > at ? parts[at] : "";
    List<Column> columns = columns(group, plural);
    ObjectNode table =
        JSON.createObjectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
    ObjectNode metadata = table.putObject("metadata");
    if (body.path("metadata").has("resourceVersion")) {
      metadata.put("resourceVersion", body.path("metadata").path("resourceVersion").asText());
    }
    ArrayNode definitions = table.putArray("columnDefinitions");
    for (Column column : columns) {
      definitions
          .addObject()
          .put("name", column.name())
          .put("type", column.type())
          .put("format", column.format())
          .put("description", column.description())
          .put("priority", column.priority());
    }
    ArrayNode rows = table.putArray("rows");
    List<JsonNode> objects = new ArrayList<>();
    if (body.has("items")) {
      body.path("items").forEach(objects::add);
    } else {
      objects.add(body);
    }
    Instant now = Instant.now();
    for (JsonNode object : objects) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      for (Column column : columns) {
        cells.add(column.cell(object, now));
      }
      ObjectNode partial =
          row.putObject("object")
              .put("kind", "PartialObjectMetadata")
              .put("apiVersion", "meta.k8s.io/v1");
      partial.set("metadata", object.path("metadata").deepCopy());
    }
    return table;
  }

  /** A table column: a JSONPath and how its value is shown. */
  private record Column(
      String name, String type, String format, String description, int priority, String path) {
    static Column of(String name, String path) {
      return new Column(name, "string", "", name, 0, path);
    }

    static Column age(String name, String path) {
      return new Column(name, "date", "", name, 0, path);
    }

    JsonNode cell(JsonNode object, Instant now) {
      if ("#name".equals(path)) {
        return JSON.getNodeFactory().textNode(object.path("metadata").path("name").asText());
      }
      if ("#eventObject".equals(path)) {
        JsonNode involved = object.path("involvedObject");
        return JSON.getNodeFactory()
            .textNode(
                involved.path("kind").asText().toLowerCase(Locale.ROOT)
                    + "/"
                    + involved.path("name").asText());
      }
      if ("#ready".equals(path)) {
        return JSON.getNodeFactory()
            .textNode(
                object.path("status").path("readyReplicas").asInt(0)
                    + "/"
                    + object.path("spec").path("replicas").asInt(0));
      }
      List<JsonNode> found = List.of();
      for (String alternative : path.split("\\|")) {
        found = SimpleJsonPath.find(object, alternative);
        if (!found.isEmpty()) {
          break;
        }
      }
      if (found.isEmpty()) {
        return JSON.getNodeFactory().nullNode();
      }
      if ("date".equals(type)) {
        try {
          return JSON.getNodeFactory()
              .textNode(humanAge(Duration.between(Instant.parse(found.getFirst().asText()), now)));
        } catch (DateTimeParseException e) {
          return JSON.getNodeFactory().textNode("<invalid>");
        }
      }
      if (found.size() == 1 && !"string".equals(type)) {
        return found.getFirst();
      }
      return JSON.getNodeFactory()
          .textNode(
              found.stream()
                  .map(n -> n.isValueNode() ? n.asText() : n.toString())
                  .collect(Collectors.joining(",")));
    }
  }

  private List<Column> columns(String group, String plural) {
    List<Column> columns = new ArrayList<>();
    if (group.isEmpty() && "events".equals(plural)) {
      columns.add(Column.age("Last Seen", ".lastTimestamp|.eventTime|.metadata.creationTimestamp"));
      columns.add(Column.of("Type", ".type"));
      columns.add(Column.of("Reason", ".reason"));
      columns.add(Column.of("Object", "#eventObject"));
      columns.add(Column.of("Message", ".message"));
      return columns;
    }
    columns.add(
        new Column(
            "Name", "string", "name", "Name must be unique within a namespace.", 0, "#name"));
    if ("apps".equals(group) && ("deployments".equals(plural) || "statefulsets".equals(plural))) {
      columns.add(Column.of("Ready", "#ready"));
      columns.add(Column.age("Age", ".metadata.creationTimestamp"));
      return columns;
    }
    for (ObjectNode crd : crds.values()) {
      JsonNode spec = crd.path("spec");
      if (spec.path("group").asText().equals(group)
          && spec.path("names").path("plural").asText().equals(plural)) {
        JsonNode printed = spec.path("versions").path(0).path("additionalPrinterColumns");
        if (!printed.isEmpty()) {
          for (JsonNode column : printed) {
            columns.add(
                new Column(
                    column.path("name").asText(),
                    column.path("type").asText("string"),
                    column.path("format").asText(""),
                    column.path("description").asText(column.path("name").asText()),
                    column.path("priority").asInt(0),
                    column.path("jsonPath").asText()));
          }
          return columns;
        }
      }
    }
    columns.add(Column.age("Age", ".metadata.creationTimestamp"));
    return columns;
  }

  /** A duration as Kubernetes' {@code duration.HumanDuration} writes an age. */
  static String humanAge(Duration duration) {
    long seconds = duration.toSeconds();
    if (seconds < -1) {
      return "<invalid>";
    }
    if (seconds < 0) {
      return "0s";
    }
    if (seconds < 120) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 10) {
      return seconds % 60 == 0 ? minutes + "m" : minutes + "m" + (seconds % 60) + "s";
    }
    if (minutes < 180) {
      return minutes + "m";
    }
    long hours = minutes / 60;
    if (hours < 8) {
      return minutes % 60 == 0 ? hours + "h" : hours + "h" + (minutes % 60) + "m";
    }
    if (hours < 48) {
      return hours + "h";
    }
    if (hours < 24 * 8) {
      return hours % 24 == 0 ? (hours / 24) + "d" : (hours / 24) + "d" + (hours % 24) + "h";
    }
    if (hours < 24 * 365 * 2) {
      return (hours / 24) + "d";
    }
    return (hours / 24 / 365) + "y";
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }

  private static MockResponse json(JsonNode body) {
    return new MockResponse()
        .setResponseCode(200)
        .setHeader("Content-Type", "application/json")
        .setBody(body.toString());
  }

  private static MockResponse notFound(String path) {
    return new MockResponse()
        .setResponseCode(404)
        .setHeader("Content-Type", "application/json")
        .setBody(
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"the server could not find the requested resource\","
                + "\"reason\":\"NotFound\",\"details\":{},\"code\":404}");
  }
}
