package dev.countersign.testkit.apiserver;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.AbstractMap;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Fabric8's CRUD mock dispatcher, finding an object by name without scanning the whole store.
 *
 * <p>The stock dispatcher answers a GET of one object, and looks up the object a create, update or
 * patch concerns, by testing every stored key against the query: the cost of each call grows with
 * the store, which under load holds thousands of ActionRequests and Events. This one keeps a {@link
 * NameIndex} of the store's keys, maintained in {@link #processEvent} (through which every change
 * passes), and answers those lookups from the few keys the index offers, confirming each with the
 * same {@code matches} test, in the same order, so its answers are the ones the scan would give.
 * Lists, watches, deletes and anything with a query string still go to the stock code.
 *
 * <p>Its own lock spans each whole request: reads share it, writes hold it alone. The stock store
 * removes an object's old key before it puts the new one; without the lock a lookup between the two
 * would answer 404 for an object that exists throughout.
 */
public class IndexedCrudDispatcher extends KubernetesCrudDispatcher {
  private static final String PLURAL = "plural";
  private static final String NAME = "name";

  /** Marks "the index cannot answer this query"; distinct from null, "no such object". */
  private static final Map.Entry<AttributeSet, String> NOT_INDEXED =
      new AbstractMap.SimpleImmutableEntry<>(null, null);

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final NameIndex index = new NameIndex();

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    Lock held = request.method() == HttpMethod.GET ? lock.readLock() : lock.writeLock();
    held.lock();
    try {
      return super.dispatch(request);
    } finally {
      held.unlock();
    }
  }

  /** As the stock dispatcher; a path naming one object, without a query string, via the index. */
  @Override
  public MockResponse handleGet(String path) {
    if (path.indexOf('?') >= 0) {
      return super.handleGet(path); // watches, selectors and options: the stock code
    }
    AttributeSet query = getKey(path);
    if (!query.containsKey(NAME)) {
      return super.handleGet(path);
    }
    lock.readLock().lock();
    try {
      Map.Entry<AttributeSet, String> found = indexed(query);
      if (found == NOT_INDEXED) {
        return super.handleGet(path);
      }
      if (found == null) {
        return new MockResponse().setResponseCode(404);
      }
      return new MockResponse().setBody(found.getValue()).setResponseCode(200);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** As the stock dispatcher (the first stored entry that matches), via the index when it can. */
  @Override
  public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
    lock.readLock().lock();
    try {
      Map.Entry<AttributeSet, String> found = indexed(query);
      return found == NOT_INDEXED ? super.findResource(query) : found;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Applies a change as the stock dispatcher does, and mirrors it in the index: the old key leaves;
   * the new key, computed exactly as the stock code computes it, joins (at the end when it is new
   * to the store, in place when it replaces an entry's value, as in the store's {@code
   * LinkedHashMap}).
   */
  @Override
  public void processEvent(
      String path,
      AttributeSet pathAttributes,
      AttributeSet oldAttributes,
      GenericKubernetesResource resource,
      String newState) {
    lock.writeLock().lock();
    AttributeSet newAttributes = null;
    GenericKubernetesResource parsed = resource;
    try {
      if (newState != null) {
        // The stock code parses newState when no resource is given; parsing it once here and
        // handing the result on yields the same key without parsing it twice.
        if (parsed == null && !newState.isEmpty()) {
          parsed = parse(newState);
        }
        newAttributes = keyOf(pathAttributes, parsed, newState);
      }
    } catch (RuntimeException unparseable) {
      // Left to the stock code, which fails on it the same way, after removing the old key.
      parsed = resource;
      newAttributes = null;
    }
    try {
      super.processEvent(path, pathAttributes, oldAttributes, parsed, newState);
    } finally {
      mirror(oldAttributes, newAttributes);
      lock.writeLock().unlock();
    }
  }

  @Override
  public void reset() {
    lock.writeLock().lock();
    try {
      super.reset();
      index.clear();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** The first stored entry matching {@code query}, null if none, or NOT_INDEXED. */
  private Map.Entry<AttributeSet, String> indexed(AttributeSet query) {
    Collection<AttributeSet> candidates = index.candidates(query);
    if (candidates == null) {
      return NOT_INDEXED;
    }
    for (AttributeSet candidate : candidates) {
      if (candidate.matches(query)) {
        String value = map.get(candidate);
        if (value == null) {
          return NOT_INDEXED; // cannot happen while every change passes processEvent; scan then
        }
        return new AbstractMap.SimpleImmutableEntry<>(candidate, value);
      }
    }
    return null;
  }

  /** The store's key for a new state, as KubernetesCrudDispatcher.processEvent computes it. */
  private AttributeSet keyOf(
      AttributeSet pathAttributes, GenericKubernetesResource parsed, String newState) {
    KubernetesAttributesExtractor extractor = (KubernetesAttributesExtractor) attributeExtractor;
    AttributeSet key =
        parsed != null ? extractor.extract(parsed) : extractor.fromResource(newState);
    return key.containsKey(PLURAL) ? key : AttributeSet.merge(pathAttributes, key);
  }

  /**
   * The state as the stock code reads it (KubernetesAttributesExtractor.fromResource), or null when
   * it reads as nothing; the stock code then raises its own error.
   */
  private static GenericKubernetesResource parse(String newState) {
    return Serialization.unmarshal(newState, GenericKubernetesResource.class);
  }

  private void mirror(AttributeSet oldAttributes, AttributeSet newAttributes) {
    if (oldAttributes != null
        && (!map.containsKey(oldAttributes) || oldAttributes.equals(newAttributes))) {
      index.remove(oldAttributes); // gone, or removed and put back at the end of the store
    }
    if (newAttributes != null && map.containsKey(newAttributes)) {
      index.add(newAttributes);
    }
  }
}
