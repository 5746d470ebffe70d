package dev.countersign.testkit.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The stock CRUD dispatcher and the indexed one, fed the same requests: every answer of the indexed
 * one must be the stock one's (status code and body, apart from the random uid and the wall-clock
 * timestamps), and after every request its index must agree with a full scan of its store.
 */
final class TwinStores {
  static final String JSON = "application/json";
  static final String JSON_PATCH = "application/json-patch+json";
  static final String MERGE_PATCH = "application/merge-patch+json";

  final KubernetesCrudDispatcher stock = new KubernetesCrudDispatcher();
  final IndexedCrudDispatcher indexed = new IndexedCrudDispatcher();

  /** Whether to check the index against a full scan after each request (off to fill up fast). */
  boolean checkEveryStep = true;

  /** A response's status code and body. */
  record Answer(int code, String body) {}

  Answer get(String path) {
    return send(HttpMethod.GET, path, null, null);
  }

  Answer post(String path, Object body) {
    return send(HttpMethod.POST, path, JSON, Serialization.asJson(body));
  }

  Answer put(String path, Object body) {
    return send(HttpMethod.PUT, path, JSON, Serialization.asJson(body));
  }

  Answer patch(String path, String contentType, String body) {
    return send(HttpMethod.PATCH, path, contentType, body);
  }

  Answer delete(String path) {
    return send(HttpMethod.DELETE, path, null, null);
  }

  /** Sends one request to both stores; asserts the answers agree and the index matches a scan. */
  Answer send(HttpMethod method, String path, String contentType, String body) {
    Answer expected = answer(stock.dispatch(request(method, path, contentType, body)));
    Answer actual = answer(indexed.dispatch(request(method, path, contentType, body)));
    assertThat(actual.code()).as("%s %s: status code", method, path).isEqualTo(expected.code());
    assertThat(comparable(actual.body()))
        .as("%s %s: body", method, path)
        .isEqualTo(comparable(expected.body()));
    if (checkEveryStep) {
      assertIndexAgreesWithScan();
    }
    return actual;
  }

  /**
   * For every stored object, looking it up by plural and name (with its namespace, and without)
   * through the index finds what a scan of the store finds first; so does a name that is absent.
   */
  void assertIndexAgreesWithScan() {
    assertIndexAgreesWithScan(indexed);
  }

  /** As {@link #assertIndexAgreesWithScan()}, for any indexed store. */
  static void assertIndexAgreesWithScan(IndexedCrudDispatcher indexed) {
    List<AttributeSet> queries = new ArrayList<>();
    for (AttributeSet key : keys(indexed)) {
      if (key.getAttribute("plural") != null && key.getAttribute("name") != null) {
        String plural = key.getAttribute("plural").getValues().get(0).toString();
        String name = key.getAttribute("name").getValues().get(0).toString();
        queries.add(named(plural, null, name));
        queries.add(named(plural, null, name + "-absent"));
        if (key.getAttribute("namespace") != null) {
          String namespace = key.getAttribute("namespace").getValues().get(0).toString();
          queries.add(named(plural, namespace, name));
          queries.add(named(plural, namespace + "-other", name));
        }
      }
    }
    for (AttributeSet query : queries) {
      Map.Entry<AttributeSet, String> scanned = scan(indexed, query);
      Map.Entry<AttributeSet, String> found = indexed.findResource(query);
      assertThat(found == null ? null : Map.entry(found.getKey(), found.getValue()))
          .as("findResource(%s)", query)
          .isEqualTo(scanned == null ? null : Map.entry(scanned.getKey(), scanned.getValue()));
    }
  }

  /** What KubernetesCrudDispatcher.findResource answers: the first stored entry that matches. */
  static Map.Entry<AttributeSet, String> scan(KubernetesCrudDispatcher store, AttributeSet query) {
    synchronized (store.getMap()) {
      for (Map.Entry<AttributeSet, String> entry : store.getMap().entrySet()) {
        if (entry.getKey().matches(query)) {
          return Map.entry(entry.getKey(), entry.getValue());
        }
      }
    }
    return null;
  }

  /** A query for one object, as a path names it; a null namespace for a path without one. */
  static AttributeSet named(String plural, String namespace, String name) {
    AttributeSet query =
        new AttributeSet(new Attribute("plural", plural), new Attribute("name", name));
    return namespace == null ? query : query.add(new Attribute("namespace", namespace));
  }

  private static List<AttributeSet> keys(KubernetesCrudDispatcher store) {
    synchronized (store.getMap()) {
      return new ArrayList<>(store.getMap().keySet());
    }
  }

  static RecordedRequest request(HttpMethod method, String path, String contentType, String body) {
    Headers.Builder headers = Headers.builder();
    if (contentType != null) {
      headers.add("Content-Type", contentType);
    }
    Buffer buffer = new Buffer();
    if (body != null) {
      buffer.writeUtf8(body);
    }
    return new RecordedRequest("HTTP/1.1", method, path, headers.build(), buffer);
  }

  static Answer answer(MockResponse response) {
    Buffer body = response.getBody();
    return new Answer(
        response.code(), body == null ? null : new String(body.getBytes(), StandardCharsets.UTF_8));
  }

  /** The body with what differs between two stores by chance (uid, timestamps) taken out. */
  private static Object comparable(String body) {
    if (body == null || body.isEmpty()) {
      return body;
    }
    try {
      JsonNode tree = Serialization.jsonMapper().readTree(body);
      withoutChance(tree);
      return tree;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void withoutChance(JsonNode node) {
    if (node.isObject() && node.get("metadata") instanceof ObjectNode metadata) {
      for (String field : List.of("uid", "creationTimestamp", "deletionTimestamp")) {
        if (metadata.has(field)) {
          metadata.put(field, "(set)");
        }
      }
    }
    node.forEach(TwinStores::withoutChance);
  }
}
