package dev.countersign.testkit.apiserver.validation;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.cel.checker.CelCheckerBuilder;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.TypeParamType;
import dev.cel.compiler.CelCompilerLibrary;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntimeBuilder;
import dev.cel.runtime.CelRuntimeLibrary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes CEL functions that cel-java does not ship, with the API server's overload names:
 * the lists library ({@code isSorted}, {@code sum}, {@code min}, {@code max}, {@code indexOf},
 * {@code lastIndexOf} on lists of int, double, string and bool) and the regex library ({@code
 * find}, {@code findAll}, RE2 via re2j). Other Kubernetes libraries (url, quantity, ip, cidr,
 * format, authz, semver) are absent, so rules that use them fail to compile.
 */
final class KubernetesCelLibrary implements CelCompilerLibrary, CelRuntimeLibrary {
  static final KubernetesCelLibrary INSTANCE = new KubernetesCelLibrary();

  private static final Map<String, CelType> ELEMENTS =
      Map.of(
          "int", SimpleType.INT,
          "double", SimpleType.DOUBLE,
          "string", SimpleType.STRING,
          "bool", SimpleType.BOOL);
  private static final Map<String, CelType> SUMMABLE =
      Map.of("int", SimpleType.INT, "double", SimpleType.DOUBLE);

  private KubernetesCelLibrary() {}

  @Override
  public void setCheckerOptions(CelCheckerBuilder checker) {
    List<CelOverloadDecl> isSorted = new ArrayList<>();
    List<CelOverloadDecl> min = new ArrayList<>();
    List<CelOverloadDecl> max = new ArrayList<>();
    ELEMENTS.forEach(
        (name, t) -> {
          isSorted.add(member("list_" + name + "_is_sorted_bool", SimpleType.BOOL, list(t)));
          min.add(member("list_" + name + "_min_" + name, t, list(t)));
          max.add(member("list_" + name + "_max_" + name, t, list(t)));
        });
    List<CelOverloadDecl> sum = new ArrayList<>();
    SUMMABLE.forEach((name, t) -> sum.add(member("list_" + name + "_sum_" + name, t, list(t))));
    CelType a = TypeParamType.create("A");
    checker.addFunctionDeclarations(
        CelFunctionDecl.newFunctionDeclaration("isSorted", isSorted),
        CelFunctionDecl.newFunctionDeclaration("sum", sum),
        CelFunctionDecl.newFunctionDeclaration("min", min),
        CelFunctionDecl.newFunctionDeclaration("max", max),
        CelFunctionDecl.newFunctionDeclaration(
            "indexOf", member("list_a_index_of_int", SimpleType.INT, list(a), a)),
        CelFunctionDecl.newFunctionDeclaration(
            "lastIndexOf", member("list_a_last_index_of_int", SimpleType.INT, list(a), a)),
        CelFunctionDecl.newFunctionDeclaration(
            "find",
            member("string_find_string", SimpleType.STRING, SimpleType.STRING, SimpleType.STRING)),
        CelFunctionDecl.newFunctionDeclaration(
            "findAll",
            member(
                "string_find_all_string",
                list(SimpleType.STRING),
                SimpleType.STRING,
                SimpleType.STRING),
            member(
                "string_find_all_string_int",
                list(SimpleType.STRING),
                SimpleType.STRING,
                SimpleType.STRING,
                SimpleType.INT)));
  }

  @Override
  public void setRuntimeOptions(CelRuntimeBuilder runtime) {
    List<CelFunctionBinding> bindings = new ArrayList<>();
    ELEMENTS
        .keySet()
        .forEach(
            name -> {
              bindings.add(
                  CelFunctionBinding.from(
                      "list_" + name + "_is_sorted_bool",
                      List.class,
                      KubernetesCelLibrary::isSorted));
              bindings.add(
                  CelFunctionBinding.from(
                      "list_" + name + "_min_" + name, List.class, l -> extreme(l, "min", -1)));
              bindings.add(
                  CelFunctionBinding.from(
                      "list_" + name + "_max_" + name, List.class, l -> extreme(l, "max", 1)));
            });
    bindings.add(CelFunctionBinding.from("list_int_sum_int", List.class, l -> sumInt(l)));
    bindings.add(CelFunctionBinding.from("list_double_sum_double", List.class, l -> sumDouble(l)));
    bindings.add(
        CelFunctionBinding.from(
            "list_a_index_of_int", List.class, Object.class, (l, x) -> (long) indexOf(l, x)));
    bindings.add(
        CelFunctionBinding.from(
            "list_a_last_index_of_int",
            List.class,
            Object.class,
            (l, x) -> (long) lastIndexOf(l, x)));
    bindings.add(
        CelFunctionBinding.from(
            "string_find_string", String.class, String.class, KubernetesCelLibrary::find));
    bindings.add(
        CelFunctionBinding.from(
            "string_find_all_string", String.class, String.class, (s, re) -> findAll(s, re, -1)));
    bindings.add(
        CelFunctionBinding.from(
            "string_find_all_string_int",
            List.of(String.class, String.class, Long.class),
            args -> findAll((String) args[0], (String) args[1], (Long) args[2])));
    runtime.addFunctionBindings(bindings);
  }

  private static CelOverloadDecl member(String id, CelType result, CelType... params) {
    return CelOverloadDecl.newMemberOverload(id, result, params);
  }

  private static CelType list(CelType element) {
    return ListType.create(element);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compare(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return Double.compare(x.doubleValue(), y.doubleValue());
    }
    return ((Comparable) a).compareTo(b);
  }

  private static boolean isSorted(List<?> list) {
    for (int i = 1; i < list.size(); i++) {
      if (compare(list.get(i - 1), list.get(i)) > 0) {
        return false;
      }
    }
    return true;
  }

  private static Object extreme(List<?> list, String op, int sign) throws CelEvaluationException {
    if (list.isEmpty()) {
      throw new CelEvaluationException(op + " called on empty list");
    }
    Object best = list.get(0);
    for (Object x : list) {
      if (compare(x, best) * sign > 0) {
        best = x;
      }
    }
    return best;
  }

  private static long sumInt(List<?> list) {
    long sum = 0;
    for (Object x : list) {
      sum = Math.addExact(sum, (Long) x);
    }
    return sum;
  }

  private static double sumDouble(List<?> list) {
    double sum = 0;
    for (Object x : list) {
      sum += ((Number) x).doubleValue();
    }
    return sum;
  }

  private static boolean same(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return x.doubleValue() == y.doubleValue();
    }
    return a.equals(b);
  }

  private static int indexOf(List<?> list, Object x) {
    for (int i = 0; i < list.size(); i++) {
      if (same(list.get(i), x)) {
        return i;
      }
    }
    return -1;
  }

  private static int lastIndexOf(List<?> list, Object x) {
    for (int i = list.size() - 1; i >= 0; i--) {
      if (same(list.get(i), x)) {
        return i;
      }
    }
    return -1;
  }

  private static Pattern regex(String re) throws CelEvaluationException {
    try {
      return Pattern.compile(re);
    } catch (PatternSyntaxException e) {
      throw new CelEvaluationException("Illegal regex: " + e.getMessage());
    }
  }

  private static String find(String s, String re) throws CelEvaluationException {
    Matcher m = regex(re).matcher(s);
    return m.find() ? m.group() : "";
  }

  private static List<String> findAll(String s, String re, long limit)
      throws CelEvaluationException {
    Matcher m = regex(re).matcher(s);
    List<String> out = new ArrayList<>();
    while ((limit < 0 || out.size() < limit) && m.find()) {
      out.add(m.group());
    }
    return out;
  }
}
