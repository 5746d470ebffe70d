package dev.countersign.testkit.apiserver.validation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The compiled rules of a schema node and of the nodes below it that have rules, parallel to the
 * schema ({@code cel.Validator} in apiextensions-apiserver). Built once per CRD version.
 */
final class CelRuleNode {
  final Schema schema;
  final boolean isResourceRoot;
  final List<CompiledRule> rules;
  final Map<String, CelRuleNode> properties = new LinkedHashMap<>();
  final CelRuleNode items;
  final CelRuleNode additionalProperties;

  private CelRuleNode(
      Schema schema,
      boolean isResourceRoot,
      List<CompiledRule> rules,
      CelRuleNode items,
      CelRuleNode additionalProperties) {
    this.schema = schema;
    this.isResourceRoot = isResourceRoot;
    this.rules = rules;
    this.items = items;
    this.additionalProperties = additionalProperties;
  }

  /** The root node of a version's schema, or {@code null} when it has no rules. */
  static CelRuleNode root(Schema root, String where) {
    return build(
        root, DeclType.of(root, true), true, new CelTypeRegistry(), "selfType", where, null);
  }

  /**
   * @param uncorrelatable the nearest ancestor below which {@code oldSelf} cannot be correlated, or
   *     {@code null}
   */
  private static CelRuleNode build(
      Schema s,
      DeclType type,
      boolean root,
      CelTypeRegistry types,
      String typeName,
      String where,
      String uncorrelatable) {
    if (s == null || type == null || !s.hasRulesBelow()) {
      return null;
    }
    List<CompiledRule> rules = RuleCompiler.compile(s, type, types, typeName, where);
    if (!rules.isEmpty()) {
      RuleCompiler.requireSupportedValues(type, where);
    }
    for (int i = 0; i < rules.size(); i++) {
      if (rules.get(i).usesOldSelf() && uncorrelatable != null) {
        throw new IllegalArgumentException(
            where
                + ".x-kubernetes-validations["
                + i
                + "].rule: Invalid value: "
                + GoFormat.quote(rules.get(i).rule().rule())
                + ": oldSelf cannot be used on the uncorrelatable portion of the schema within "
                + uncorrelatable);
      }
    }
    CelRuleNode items = null;
    if (s.items != null && type.elem != null && type.kind == DeclType.Kind.LIST) {
      String below = s.listType.equals("map") ? uncorrelatable : first(uncorrelatable, where);
      items =
          build(s.items, type.elem, false, types, typeName + ".@items", where + ".items", below);
    }
    CelRuleNode additional = null;
    if (s.additionalProperties != null && type.kind == DeclType.Kind.MAP) {
      String below = correlatableMap(s) ? uncorrelatable : first(uncorrelatable, where);
      additional =
          build(
              s.additionalProperties,
              type.elem,
              false,
              types,
              typeName + ".@values",
              where + ".additionalProperties",
              below);
    }
    CelRuleNode node = new CelRuleNode(s, root, rules, items, additional);
    if (s.properties != null && type.kind == DeclType.Kind.OBJECT) {
      String below = correlatableMap(s) ? uncorrelatable : first(uncorrelatable, where);
      for (Map.Entry<String, Schema> e : s.properties.entrySet()) {
        String name = CelNames.escape(e.getKey());
        DeclType fieldType =
            name != null ? type.fields.get(name) : DeclType.of(e.getValue(), false);
        CelRuleNode child =
            build(
                e.getValue(),
                fieldType,
                false,
                types,
                typeName + "." + (name != null ? name : e.getKey()),
                where + ".properties[" + e.getKey() + "]",
                below);
        if (child != null) {
          node.properties.put(e.getKey(), child);
        }
      }
    }
    return node;
  }

  static boolean correlatableMap(Schema s) {
    return s.mapType.isEmpty() || s.mapType.equals("granular") || s.mapType.equals("atomic");
  }

  private static String first(String existing, String candidate) {
    return existing != null ? existing : candidate;
  }
}
