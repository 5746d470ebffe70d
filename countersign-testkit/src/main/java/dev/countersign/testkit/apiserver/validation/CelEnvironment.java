package dev.countersign.testkit.apiserver.validation;

import dev.cel.common.CelOptions;
import dev.cel.common.types.CelType;
import dev.cel.common.types.OptionalType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

/**
 * The CEL environment of {@code x-kubernetes-validations} rules, as close to the API server's as
 * cel-java allows: standard functions and macros, heterogeneous numeric comparisons, homogeneous
 * aggregate literals, optional types, the strings extension (without {@code format} and {@code
 * quote}, which cel-java lacks), the sets extension, and {@link KubernetesCelLibrary}. Variables
 * are {@code self} and {@code oldSelf} of the rule's node type.
 */
final class CelEnvironment {
  @SuppressWarnings(
      "deprecation") // homogeneous literals: the API server's HomogeneousAggregateLiterals
  static final CelOptions OPTIONS =
      CelOptions.current()
          .enableHeterogeneousNumericComparisons(true)
          .enableHomogeneousLiterals(true)
          .enableOptionalSyntax(true)
          .build();

  static final CelRuntime RUNTIME =
      CelRuntimeFactory.standardCelRuntimeBuilder()
          .setOptions(OPTIONS)
          .addLibraries(
              CelExtensions.strings(),
              CelExtensions.optional(),
              CelExtensions.sets(OPTIONS),
              KubernetesCelLibrary.INSTANCE)
          .build();

  private CelEnvironment() {}

  /** A compiler for rules on a node of type {@code self}. */
  static CelCompiler compiler(CelTypeRegistry types, CelType self, boolean optionalOldSelf) {
    return CelCompilerFactory.standardCelCompilerBuilder()
        .setOptions(OPTIONS)
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
        .setTypeProvider(types)
        .addLibraries(
            CelExtensions.strings(),
            CelExtensions.optional(),
            CelExtensions.sets(OPTIONS),
            KubernetesCelLibrary.INSTANCE)
        .addVar("self", self)
        .addVar("oldSelf", optionalOldSelf ? OptionalType.create(self) : self)
        .build();
  }
}
