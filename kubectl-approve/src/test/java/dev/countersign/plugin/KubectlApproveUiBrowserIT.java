package dev.countersign.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.api.v1alpha1.actionrequest.ActionRequest;
import dev.countersign.api.v1alpha1.actionrequest.Phase;
import dev.countersign.fixtures.ActionRequests;
import dev.countersign.fixtures.TestWorkloads;
import dev.countersign.harness.OperatorHarness;
import dev.countersign.testkit.Identities;
import dev.countersign.testkit.apiserver.EmbeddedApiServer;
import dev.countersign.testkit.apiserver.auth.UserInfo;
import dev.countersign.testkit.controller.SimulatedWorkloadController;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code kubectl approve ui} in a real browser: Debian's chromium, headless, driven by Selenium
 * through chromedriver ({@code make browser-deps} installs both), one browser session for every
 * test. The cluster is the strict embedded API server with the chart's roles and the real operator,
 * playing the sandbox demo's requests (config/samples): alice may read everything and approve the
 * restart; bob may read namespace shop but is named by no policy, and may not read payments.
 * Screenshots go to target/ui-screenshots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlApproveUiBrowserIT {
  static final String CHROMIUM = System.getProperty("ui.chromium", "/usr/bin/chromium");
  static final String CHROMEDRIVER = System.getProperty("ui.chromedriver", "/usr/bin/chromedriver");
  static final int BULK = Integer.getInteger("ui.bench.count", 10_000);
  static final Path SHOTS = Path.of("target/ui-screenshots");
  static final String RESTART = "restart-web-after-config-change";

  static WebDriver browser;
  static PluginHarness cluster;
  static OperatorHarness operator;
  static SimulatedWorkloadController controllers;
  static PluginHarness.Ui alice;
  static PluginHarness.Ui bob;

  @BeforeAll
  static void theDemoWithABrowser() throws Exception {
    assertThat(new File(CHROMEDRIVER).canExecute())
        .as(CHROMEDRIVER + " is needed for the browser tests: run `make browser-deps`")
        .isTrue();
    assertThat(new File(CHROMIUM).canExecute())
        .as(CHROMIUM + " is needed for the browser tests: run `make browser-deps`")
        .isTrue();
    Files.createDirectories(SHOTS);
    cluster = PluginHarness.start();
    cluster.identity = new SelfSubjectReviewIdentity();
    cluster.client.resource(TestWorkloads.namespace("payments")).create();
    cluster.server.bind("countersign-approver", "shop", UserInfo.user("bob"));
    operator = OperatorHarness.start(cluster.server);
    controllers = new SimulatedWorkloadController(cluster.client, "shop");
    EmbeddedApiServer.apply(cluster.client, "samples/workload.yaml");
    controllers.start();
    EmbeddedApiServer.apply(cluster.client, "samples/agentpolicy.yaml");
    ActionRequest scale =
        operator.awaitPhase(file("samples/actionrequest-scale.yaml", null), Phase.Succeeded);
    assertThat(scale).isNotNull();
    operator.awaitPhase(file("samples/actionrequest-scale.yaml", "scale-web-to-50"), Phase.Denied);
    operator.awaitPhase(file("samples/actionrequest-restart.yaml", null), Phase.AwaitingApproval);
    cluster.server.fileAsRequester(
        ActionRequests.scale("ledger", 4).named("scale-ledger").in("payments").build());

    alice = cluster.ui();
    bob = cluster.ui("--context", "other", "-n", "shop,payments");

    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,860",
        "--lang=en-US");
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).build();
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    for (AutoCloseable c : new AutoCloseable[] {alice, bob, controllers, operator, cluster}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // closing the rest matters more
      }
    }
  }

  @Test
  @Order(1)
  void theTimelineListsTheDemosRequestsNewestFirst() {
    browser.get(alice.url());

    waitFor(() -> rowNames().size() == 4);
    assertThat(rowNames())
        .containsExactlyInAnyOrder(
            "shop/scale-web-for-checkout-peak",
            "shop/scale-web-to-50",
            "shop/" + RESTART,
            "payments/scale-ledger");
    assertThat(browser.findElement(By.id("who")).getText()).contains("You: alice");
    assertThat(browser.findElement(By.id("counts")).getText())
        .contains("Succeeded 1", "Denied 2", "AwaitingApproval 1");
    screenshot("timeline.png");
  }

  @Test
  @Order(2)
  void filtersNarrowTheTimeline() {
    new Select(browser.findElement(By.id("filter-phase"))).selectByValue("Denied");
    waitFor(() -> rowNames().size() == 2);
    assertThat(rowNames())
        .containsExactlyInAnyOrder("shop/scale-web-to-50", "payments/scale-ledger");
    browser.findElement(By.id("filter-namespace")).sendKeys("shop");
    waitFor(() -> rowNames().equals(List.of("shop/scale-web-to-50")));
    new Select(browser.findElement(By.id("filter-namespace"))).selectByValue("");
    new Select(browser.findElement(By.id("filter-phase"))).selectByValue("");
    browser.findElement(By.id("filter-target")).sendKeys("ledger");
    waitFor(() -> rowNames().equals(List.of("payments/scale-ledger")));
    assertThat(browser.findElement(By.id("export-csv")).getAttribute("href"))
        .contains("/api/export.csv?", "target=ledger");
    browser.findElement(By.id("clear")).click();
    waitFor(() -> rowNames().size() == 4);
  }

  @Test
  @Order(3)
  void aNewRequestAppearsWithoutAReload() {
    js("window.notReloaded = true");
    cluster.server.fileAsRequester(
        ActionRequests.scale("web", 6)
            .named("scale-web-to-6")
            .in("shop")
            .summary("evening peak")
            .build());

    waitFor(() -> rowNames().contains("shop/scale-web-to-6"));
    assertThat(js("return window.notReloaded")).isEqualTo(true);
    assertThat(browser.findElement(By.id("live")).getText()).isEqualTo("live");
  }

  @Test
  @Order(4)
  void bobIsNamedByNoPolicyAndSeesNoButtonNorTheNamespaceHeMayNotRead() {
    browser.get(bob.url());
    waitFor(() -> rowNames().contains("shop/" + RESTART));
    assertThat(rowNames()).noneMatch(n -> n.startsWith("payments/"));
    assertThat(browser.findElement(By.id("unreadable")).getText())
        .contains("namespace payments", "cannot list resource \"actionrequests\"");

    onRow("shop", RESTART, WebElement::click);

    waitFor(() -> browser.findElement(By.id("not-decidable")).isDisplayed());
    assertThat(browser.findElement(By.id("not-decidable")).getText())
        .contains("You (bob) cannot decide this request");
    assertThat(browser.findElement(By.id("approve")).isDisplayed()).isFalse();
    assertThat(browser.findElement(By.id("reject")).isDisplayed()).isFalse();
    screenshot("bob-no-buttons.png");
  }

  @Test
  @Order(5)
  void aliceApprovesTheRestartFromThePageAndItExecutes() {
    browser.get(alice.url());
    waitFor(() -> rowNames().contains("shop/" + RESTART));
    onRow("shop", RESTART, tr -> tr.sendKeys("\n")); // keyboard: Enter opens the story

    waitFor(() -> browser.findElement(By.id("approve")).isDisplayed());
    String story = browser.findElement(By.id("story-body")).getText();
    assertThat(story)
        .contains(
            "Filed by system:serviceaccount:shop:ops-agent",
            "pods still serve the old feature flags",
            "wait for the next deploy",
            "Decision: NeedsApproval",
            "shop-web-agents",
            "Needs 1 approval(s) from users alice or groups sre",
            "What will change",
            "Target Deployment/web");
    screenshot("story.png");

    // The request's Events, readable with the chart's approver role, as the page was opened.
    assertThat(story).contains("Normal AwaitingApproval");
    browser.findElement(By.id("approve")).click();
    waitFor(() -> browser.findElement(By.id("confirm")).isDisplayed());
    assertThat(browser.findElement(By.id("confirm-question")).getText())
        .startsWith("Approve restart Deployment/web in shop");
    assertThat(cluster.approvals()).as("nothing before the confirmation").isEmpty();
    browser.findElement(By.id("confirm")).click();

    waitFor(
        () -> browser.findElement(By.id("result")).getText().contains("created: alice approves"));
    ActionRequest done =
        operator.awaitPhase(
            cluster
                .client
                .resources(ActionRequest.class)
                .inNamespace("shop")
                .withName(RESTART)
                .get(),
            Phase.Succeeded);
    assertThat(done.getStatus().approvals())
        .singleElement()
        .satisfies(a -> assertThat(a.counted()).isTrue());
    waitFor(() -> browser.findElement(By.id("outcome")).getText().startsWith("Succeeded"));
    assertThat(browser.findElement(By.id("decide")).isDisplayed()).isFalse();
    screenshot("story-succeeded.png");
  }

  @Test
  @Order(6)
  void theTimelineFitsANarrowWindow() {
    browser.manage().window().setSize(new Dimension(420, 860));
    try {
      browser.get(alice.url());
      waitFor(() -> rowNames().size() == 5);
      Number scrollWidth = (Number) js("return document.documentElement.scrollWidth");
      assertThat(scrollWidth.intValue()).as("no sideways scrolling").isLessThanOrEqualTo(420);
      screenshot("narrow.png");
    } finally {
      browser.manage().window().setSize(new Dimension(1280, 860));
    }
  }

  @Test
  @Order(7)
  void aPageWithoutTheSessionTokenIsRefused() {
    browser.get(alice.base() + "/");

    assertThat(browser.findElement(By.tagName("body")).getText())
        .isEqualTo(
            "forbidden: missing or wrong session token: open the URL kubectl approve ui printed");
    assertThat(browser.findElements(By.id("rows"))).isEmpty();
  }

  @Test
  @Order(8)
  void printsHowLongTheFirstScreenOfTenThousandRequestsTakes() throws Exception {
    try (PluginHarness bulk = PluginHarness.start()) {
      bulk.identity = new SelfSubjectReviewIdentity();
      UserInfo agent = Identities.named(ActionRequests.AGENT);
      bulk.server.bind("countersign-agent", "shop", agent);
      var client = bulk.server.as(agent);
      long created = System.nanoTime();
      Semaphore inFlight = new Semaphore(16);
      try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
        List<Future<?>> all = new java.util.ArrayList<>();
        for (int i = 0; i < BULK; i++) {
          int n = i;
          all.add(
              threads.submit(
                  () -> {
                    inFlight.acquireUninterruptibly();
                    try {
                      return client
                          .resource(
                              ActionRequests.scale("web-" + n, 3)
                                  .named("scale-web-" + n)
                                  .in("shop")
                                  .build())
                          .create();
                    } finally {
                      inFlight.release();
                    }
                  }));
        }
        for (Future<?> f : all) {
          f.get();
        }
      }
      long createdMillis = Duration.ofNanos(System.nanoTime() - created).toMillis();
      try (var ui = bulk.ui()) {
        browser.get(ui.url());
        waitFor(() -> js("return document.body.dataset.firstRowsAt") != null);
        Object firstRows = js("return document.body.dataset.firstRowsAt");
        Object total = browser.findElement(By.id("total")).getText();
        System.out.printf(
            "kubectl approve ui: %d requests (created in %d ms); first screen of rows drawn %s ms"
                + " after navigation started; %s (measured on a shared, loaded machine)%n",
            BULK, createdMillis, firstRows, total);
        assertThat(rowNames()).hasSize(UiServer.DEFAULT_LIMIT);
        screenshot("ten-thousand.png");
      }
    }
  }

  private static ActionRequest file(String sample, String name) {
    try (InputStream yaml = EmbeddedApiServer.resource(sample)) {
      ActionRequest request =
          cluster.client.getKubernetesSerialization().unmarshal(yaml, ActionRequest.class);
      if (name != null) {
        request.getMetadata().setName(name);
        request =
            ActionRequests.scale("web", 50)
                .named(name)
                .in("shop")
                .by(request.getSpec().requester())
                .summary(request.getSpec().reasoning().summary())
                .build();
      }
      return cluster.server.fileAsRequester(request);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The rows' names, read in one script: the live timeline redraws its rows as events arrive, so
   * elements found first and read one by one afterwards can be gone by then (stale).
   */
  @SuppressWarnings("unchecked")
  private static List<String> rowNames() {
    return (List<String>)
        js(
            "return Array.from(document.querySelectorAll('#rows tbody tr'))"
                + ".map(tr => tr.dataset.namespace + '/' + tr.dataset.name);");
  }

  /** Acts on a row, finding it again if the live timeline redrew it meanwhile. */
  private static void onRow(
      String namespace, String name, java.util.function.Consumer<WebElement> action) {
    new WebDriverWait(browser, Duration.ofSeconds(20))
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(
            d -> {
              action.accept(row(namespace, name));
              return true;
            });
  }

  private static WebElement row(String namespace, String name) {
    return browser.findElement(
        By.cssSelector(
            "#rows tbody tr[data-namespace='" + namespace + "'][data-name='" + name + "']"));
  }

  private static Object js(String script) {
    return ((JavascriptExecutor) browser).executeScript(script);
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) {
    try {
      new WebDriverWait(browser, Duration.ofSeconds(20))
          .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
          .until(d -> condition.getAsBoolean());
    } catch (org.openqa.selenium.TimeoutException e) {
      screenshot("failed.png");
      throw new AssertionError(
          "the page did not get there in 20 s; rows: "
              + rowNames()
              + "; page says: "
              + browser.findElement(By.tagName("body")).getText(),
          e);
    }
  }

  private static void screenshot(String name) {
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    try {
      Files.copy(shot.toPath(), SHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
