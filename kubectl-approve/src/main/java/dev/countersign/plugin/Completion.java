package dev.countersign.plugin;

/**
 * Shell completion for {@code kubectl-approve} run by its own name: {@code source <(kubectl-approve
 * --completion bash)}. Both scripts ask {@code kubectl_complete-approve}, the same program kubectl
 * itself runs to complete {@code kubectl approve <TAB>}, so the candidates are defined once.
 */
final class Completion {
  private Completion() {}

  static String script(String shell) {
    return switch (shell) {
      case "bash" -> BASH;
      case "zsh" -> ZSH;
      default -> throw CliError.usage("--completion needs bash or zsh: " + shell);
    };
  }

  private static final String BASH =
      """
      # bash completion for kubectl-approve; load with: source <(kubectl-approve --completion bash)
      _kubectl_approve() {
        local IFS=$'\\n' line
        local -a candidates=()
        while read -r line; do
          [[ "$line" == :* ]] || candidates+=("$line")
        done < <(kubectl_complete-approve "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)
        COMPREPLY=($(compgen -W "${candidates[*]}" -- "${COMP_WORDS[COMP_CWORD]}"))
      }
      complete -F _kubectl_approve kubectl-approve
      """;

  private static final String ZSH =
      """
      #compdef kubectl-approve
      # zsh completion for kubectl-approve; load with: source <(kubectl-approve --completion zsh)
      _kubectl_approve() {
        local -a candidates
        candidates=(${(f)"$(kubectl_complete-approve "${(@)words[2,CURRENT]}" 2>/dev/null | grep -v '^:')"})
        compadd -a candidates
      }
      compdef _kubectl_approve kubectl-approve
      """;
}
