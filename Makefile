# Countersign: every target wraps ./mvnw (or a java -jar); nothing lives only here.
SHELL := /usr/bin/env bash
JAVA_HOME := $(shell .ci/find-jdk)
export JAVA_HOME
# JDK 24+ warns whenever a library (Netty, Spotless) first uses sun.misc.Unsafe's memory access,
# unless it is allowed; the flag exists from JDK 23 on. For Maven's own JVM and `make run`'s.
JAVA_MAJOR := $(shell sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' $(JAVA_HOME)/release 2>/dev/null)
JVM_FLAGS := $(if $(filter-out 17 18 19 20 21 22,$(JAVA_MAJOR)),--sun-misc-unsafe-memory-access=allow)
export MAVEN_OPTS := $(strip $(MAVEN_OPTS) $(JVM_FLAGS))
MVNW := ./mvnw -B

.DEFAULT_GOAL := help

##@ General

.PHONY: help
help: ## Show this help.
	@awk 'BEGIN {FS = ":.*##"; printf "\nUsage:\n  make \033[36m<target>\033[0m\n"} /^[a-zA-Z_0-9-]+:.*?##/ { printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2 } /^##@/ { printf "\n\033[1m%s\033[0m\n", substr($$0, 5) }' $(MAKEFILE_LIST)

##@ Run

# The sandbox is rebuilt only when a file it is built from is newer than its jar: a Maven build
# that finds nothing to do still takes about a minute (the Quarkus build runs every time).
SANDBOX_JAR := countersign-sandbox/target/quarkus-app/quarkus-run.jar
SANDBOX_INPUTS = $(shell find pom.xml countersign-api countersign-core countersign-testkit countersign-operator countersign-sandbox config/samples config/rbac -name target -prune -o -type f -print)

.PHONY: run
run: $(SANDBOX_JAR) ## Run the operator on the current kubeconfig's cluster; with none reachable, a demo on an embedded API server that then stays up as the sandbox (EXIT=1: exit after the demo).
	$(JAVA_HOME)/bin/java $(JVM_FLAGS) $(if $(EXIT),-Dcountersign.demo.keep-running=false) -jar $(SANDBOX_JAR)

.PHONY: sandbox
sandbox: $(SANDBOX_JAR) ## Run the sandbox: an embedded cluster with the operator for plain kubectl, kubeconfig in target/sandbox/kubeconfig (contexts admin, agent, alice, bob).
	$(JAVA_HOME)/bin/java $(JVM_FLAGS) -Dcountersign.demo.embedded=true -Dcountersign.demo.play=false -jar $(SANDBOX_JAR)

$(SANDBOX_JAR): $(SANDBOX_INPUTS)
	$(MVNW) -q package -DskipTests -pl countersign-sandbox -am
	touch $@

##@ Build and test

.PHONY: package
package: ## Build every module and install it in the local Maven repository (skips tests).
	$(MVNW) -q install -DskipTests

.PHONY: test
test: ## Run every test (unit, embedded-server and packaged-jar tests) and the CRD drift check.
	$(MVNW) verify

# kubectl approve ui's browser test (KubectlApproveUiBrowserIT) drives Debian's chromium headless.
.PHONY: browser-deps
browser-deps: ## Install chromium and chromedriver (Debian packages) for the browser tests, if absent.
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then echo "chromium and chromedriver are installed"; \
	else $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get update -qq && $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get install -y -qq chromium chromium-driver >/dev/null; fi

.PHONY: test-tools
test-tools: ## Install what the tests need besides a JDK, from Debian's packages when absent: chromium and chromedriver (browser test), openssl (signature check), node and npm (TypeScript MCP client test), perl (signals sent in JvmSignalsTest).
	@missing=""; \
	command -v chromium >/dev/null && command -v chromedriver >/dev/null || missing="$$missing chromium chromium-driver"; \
	command -v openssl >/dev/null || missing="$$missing openssl"; \
	command -v perl >/dev/null || missing="$$missing perl-base"; \
	command -v node >/dev/null && command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then sudo=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$sudo apt-get update -qq && $$sudo apt-get install -y -qq $$missing >/dev/null; fi

.PHONY: test-unit
test-unit: ## Run the pure decision core's tests alone (and the API types', which it is built on).
	$(MVNW) -pl countersign-core -am test

.PHONY: fmt
fmt: ## Format the Java sources (the build fails on unformatted code).
	$(MVNW) -q spotless:apply

.PHONY: crds
crds: ## Regenerate crds/ (and the chart's copy, and deploy/) from the Java API types.
	$(MVNW) -q -pl countersign-api process-classes -Dspotless.check.skip=true
	for f in countersign-api/target/classes/META-INF/fabric8/*-v1.yml; do cp "$$f" "crds/$$(basename "$$f" -v1.yml).yaml"; done
	cp crds/*.yaml helm/countersign/crds/
	$(MAKE) deploy

.PHONY: deploy
deploy: ## Regenerate deploy/countersign.yaml from the Helm chart (default values).
	$(MVNW) -q -pl countersign-operator -am test -Dspotless.check.skip=true -Dtest=DeployManifestIsCurrentTest -Dcountersign.deploy.update=true -Dsurefire.failIfNoSpecifiedTests=false

##@ Install

PLUGIN_HOME ?= $(HOME)/.local/share/countersign/kubectl-approve
BINDIR ?= $(HOME)/.local/bin

.PHONY: install-plugin
install-plugin: package ## Install `kubectl approve` (and its completion) into $(BINDIR), with the JDK 21+ found here recorded for it.
	rm -rf $(PLUGIN_HOME) && mkdir -p $(PLUGIN_HOME)/lib $(BINDIR)
	cp kubectl-approve/target/kubectl-approve/lib/*.jar $(PLUGIN_HOME)/lib/
	install -m 0755 kubectl-approve/src/main/plugin/kubectl-approve kubectl-approve/src/main/plugin/kubectl_complete-approve $(PLUGIN_HOME)/
	echo "$(JAVA_HOME)" > $(PLUGIN_HOME)/java-home # the launcher's Java when JAVA_HOME and PATH offer no 21+
	ln -sf $(PLUGIN_HOME)/kubectl-approve $(BINDIR)/kubectl-approve
	ln -sf $(PLUGIN_HOME)/kubectl_complete-approve $(BINDIR)/kubectl_complete-approve
	env -u JAVA_HOME $(PLUGIN_HOME)/kubectl-approve --help >/dev/null # makes the start-up archive

CLI_HOME ?= $(HOME)/.local/share/countersign/cli

.PHONY: install-cli
install-cli: package ## Install `countersign` (policy tests: countersign test, countersign explain) into $(BINDIR), with the JDK 21+ found here recorded for it.
	rm -rf $(CLI_HOME) && mkdir -p $(CLI_HOME)/lib $(BINDIR)
	cp countersign-cli/target/countersign/lib/*.jar $(CLI_HOME)/lib/
	install -m 0755 countersign-cli/src/main/launcher/countersign $(CLI_HOME)/
	echo "$(JAVA_HOME)" > $(CLI_HOME)/java-home # the launcher's Java when JAVA_HOME and PATH offer no 21+
	ln -sf $(CLI_HOME)/countersign $(BINDIR)/countersign
	env -u JAVA_HOME $(CLI_HOME)/countersign --help >/dev/null # checks that it starts

.PHONY: test-policies
test-policies: ## Run the example policies' test suite (config/policies) with the countersign CLI, as CI would run yours.
	$(MVNW) -q -pl countersign-cli -am package -DskipTests -Dspotless.check.skip=true
	countersign-cli/src/main/launcher/countersign test config/policies --require-coverage

##@ Ship

.PHONY: plugin-release
plugin-release: package ## Build kubectl approve's krew archive (kubectl-approve/target/krew/) and write its sha256 into approve.krew.yaml.
	$(MVNW) -q -pl kubectl-approve test-compile exec:java -Dspotless.check.skip=true -Dexec.classpathScope=test \
	  -Dexec.mainClass=dev.countersign.plugin.release.KrewRelease -Dexec.args="$(CURDIR)"

IMAGE ?= countersign/countersign:0.1.0
MCP_IMAGE ?= countersign/countersign-mcp:0.1.0

.PHONY: image
image: package ## Build the operator's and the MCP front door's container images as OCI tarballs (countersign-operator/target/countersign-image.tar, countersign-mcp/target/countersign-mcp-image.tar) with Jib: no Docker daemon, no registry.
	$(MVNW) -q -pl countersign-operator test-compile exec:java -Dspotless.check.skip=true -Dexec.classpathScope=test \
	  -Dexec.mainClass=dev.countersign.image.ImageBuild \
	  -Dexec.args="countersign-operator/target/quarkus-app countersign-operator/target/image countersign-operator/target/countersign-image.tar $(IMAGE)"
	$(MVNW) -q -pl countersign-operator exec:java -Dspotless.check.skip=true -Dexec.classpathScope=test \
	  -Dexec.mainClass=dev.countersign.image.ImageBuild \
	  -Dexec.args="countersign-mcp/target/countersign-mcp countersign-mcp/target/image countersign-mcp/target/countersign-mcp-image.tar $(MCP_IMAGE)"

##@ Benchmarks

BENCH_COUNT ?= 1000
BENCH_RATES ?= 20,100

.PHONY: bench
bench: ## Run every benchmark (*Bench) and print its figures: policy evaluation, kubectl approve, the operator's load (BENCH_COUNT requests at each of BENCH_RATES/s over TLS, CPU and API calls per decision), embedded-server lookups.
	$(MVNW) verify -Pbench -Dspotless.check.skip=true -Dbench.count=$(BENCH_COUNT) -Dbench.rates=$(BENCH_RATES) -Dbench.targets=100

.PHONY: bench-cluster
bench-cluster: package ## Measure Countersign installed on your kubeconfig's cluster: dry-run requests, kubectl approve's list, the MCP door, in namespaces it creates and deletes (ARGS=--yes-this-cluster for a cluster not on this machine).
	$(MVNW) -q -pl countersign-operator test-compile exec:java -Dspotless.check.skip=true -Dexec.classpathScope=test \
	  -Dexec.mainClass=dev.countersign.bench.ClusterBench -Dexec.args="$(ARGS)"
	$(MVNW) -q -pl countersign-mcp test-compile exec:java -Dspotless.check.skip=true -Dexec.classpathScope=test \
	  -Dexec.mainClass=dev.countersign.mcp.DoorClusterBench -Dexec.args="$(ARGS)"

