package dev.countersign.testkit.apiserver.validation;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The cel-java types of a CRD's schema nodes: objects with properties become struct types with one
 * field per (escaped) property, so that the checker rejects unknown fields as the API server does;
 * maps, lists and scalars become CEL's own types; int-or-string is {@code dyn}.
 */
@SuppressWarnings("Immutable") // filled while the CRD's rules are compiled, read-only after
final class CelTypeRegistry implements CelTypeProvider {
  private final Map<String, CelType> structs = new LinkedHashMap<>();

  /** The CEL type of a declared type; {@code name} names its struct types uniquely. */
  CelType typeOf(DeclType t, String name) {
    return switch (t.kind) {
      case OBJECT -> struct(t, name);
      case MAP -> MapType.create(SimpleType.STRING, typeOf(t.elem, name + ".@values"));
      case LIST -> ListType.create(typeOf(t.elem, name + ".@items"));
      case STRING -> SimpleType.STRING;
      case BYTES -> SimpleType.BYTES;
      case INT -> SimpleType.INT;
      case DOUBLE -> SimpleType.DOUBLE;
      case BOOL -> SimpleType.BOOL;
      case DYN -> SimpleType.DYN;
      case TIMESTAMP -> SimpleType.TIMESTAMP;
      case DURATION -> SimpleType.DURATION;
    };
  }

  private CelType struct(DeclType t, String name) {
    CelType existing = structs.get(name);
    if (existing != null) {
      return existing;
    }
    Map<String, CelType> fields = new LinkedHashMap<>();
    t.fields.forEach((k, v) -> fields.put(k, typeOf(v, name + "." + k)));
    StructType struct =
        StructType.create(
            name, ImmutableSet.copyOf(fields.keySet()), f -> Optional.ofNullable(fields.get(f)));
    structs.put(name, struct);
    return struct;
  }

  @Override
  public ImmutableCollection<CelType> types() {
    return ImmutableList.copyOf(structs.values());
  }

  @Override
  public Optional<CelType> findType(String typeName) {
    return Optional.ofNullable(structs.get(typeName));
  }
}
