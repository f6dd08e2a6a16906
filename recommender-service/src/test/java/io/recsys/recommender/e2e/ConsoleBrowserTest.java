package io.recsys.recommender.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.ingest.IngestApplication;
import io.recsys.kafka.EmbeddedKafkaBroker;
import io.recsys.recommender.RecommenderApplication;
import io.recsys.schemas.TopicCreator;
import io.recsys.schemas.Topics;
import io.recsys.schemas.avro.CatalogItem;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The web console in a real headless Chromium against a real embedded broker, ingest-service
 * and recommender-service (the reference gSASRec bundle): a user is typed in, a movie of the
 * shown list is rated through the page (which posts to the ingest API, cross-origin), and the
 * list the page shows must change to the one pushed over Server-Sent Events, without that movie,
 * and the history must show the rating.
 *
 * <p>Uses Debian's {@code chromium} and {@code chromium-driver} at fixed paths, so Selenium
 * Manager never runs (there is no network); skipped, with that reason, where they are absent.
 */
@Tag("slow")
class ConsoleBrowserTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  /** Both services require it (the recommender for reads too): the page must send it. */
  private static final String API_KEY = "browser-test-key-0123456789";
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final long USER = 42;
  /** What the seeded user rated before the browser opens (model items 1..3). */
  private static final List<Long> SEEDED = List.of(1001L, 1002L, 1003L);

  private static EmbeddedKafkaBroker broker;
  private static ConfigurableApplicationContext ingest;
  private static ConfigurableApplicationContext recommender;
  private static WebDriver browser;
  private static Path work;
  private static String consoleUrl;

  @BeforeAll
  static void start() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "no headless browser: " + CHROMIUM + " and " + CHROMEDRIVER
            + " are needed (Debian packages chromium and chromium-driver; .ci/run installs them)");
    work = Files.createTempDirectory("console-browser");
    broker = EmbeddedKafkaBroker.start(0, null);
    Map<String, Object> kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
    TopicCreator.createMissing(kafka, 2, (short) 1);
    publishCatalog(kafka);

    // the page (recommender origin) posts ratings to the ingest API: allow exactly that origin
    int recommenderPort = freePort();
    String origin = "http://localhost:" + recommenderPort;
    ingest = IngestApplication.start(Map.of(
        IngestApplication.PORT, 0,
        IngestApplication.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
        "recsys.ingest.cors-allowed-origins", origin,
        "recsys.security.api-keys", API_KEY));
    String ingestUrl = "http://localhost:" + IngestApplication.port(ingest);
    recommender = RecommenderApplication.start(Map.of(
        RecommenderApplication.PORT, recommenderPort,
        RecommenderApplication.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
        RecommenderApplication.MODEL_DIR, ReferenceBundle.write(work.resolve("bundle")).toString(),
        "recsys.recommender.ingest-url", ingestUrl,
        "recsys.recommender.state-dir", work.resolve("streams").toString(),
        "recsys.recommender.refresh-interval", "100ms",
        "recsys.security.api-keys", API_KEY,
        "recsys.security.protect-reads", true));
    // as the demo prints it: the key in the fragment, which the page keeps and sends
    consoleUrl = origin + "/#api_key=" + API_KEY;
    seedUser(ingestUrl, origin);
    browser = openBrowser();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (recommender != null) {
      recommender.close();
    }
    if (ingest != null) {
      ingest.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void ratingAMovieOnThePageChangesTheRecommendationsItShows() {
    browser.get(consoleUrl);
    // the page opens on user 1 (no history); wait until that first load is done
    await("the console to load its default user", d -> text("history-meta").startsWith("0 "));

    WebElement userId = browser.findElement(By.id("user-id"));
    userId.clear();
    userId.sendKeys(Long.toString(USER));
    browser.findElement(By.cssSelector("#user-form button[type=submit]")).click();
    await("the model's list of user " + USER, d -> text("rec-meta").startsWith("gsasrec")
        && movieIdsShown().size() == 10);
    await("the history of user " + USER, d -> text("history-meta")
        .equals(SEEDED.size() + " interactions, newest first"));
    await("the live updates to connect", d -> text("user-status").equals("live updates on"));
    List<Long> before = movieIdsShown();
    assertThat(before).doesNotContainAnyElementsOf(SEEDED);

    new Select(browser.findElement(By.id("rate-value"))).selectByVisibleText("5.0");
    long rated = before.get(0);
    browser.findElement(By.cssSelector("#recs .rate-btn[data-movie-id='" + rated + "']")).click();

    await("the pushed list after rating movie " + rated, d -> text("rec-meta").startsWith("pushed")
        && !movieIdsShown().equals(before));
    List<Long> after = movieIdsShown();
    assertThat(after).hasSize(10).doesNotContain(rated).doesNotContainAnyElementsOf(SEEDED);
    assertThat(text("update-time")).startsWith("rating of movie " + rated + " → new list in ");
    await("the rating in the history", d -> text("history-meta")
        .equals(SEEDED.size() + 1 + " interactions, newest first"));
    assertThat(scriptErrors()).as("JavaScript errors on the page").isEmpty();
    List<String> newest = browser.findElements(By.cssSelector("#history tbody tr:first-child td"))
        .stream().map(WebElement::getText).toList();
    assertThat(newest.get(0)).matches("\\d{4}-\\d{2}-\\d{2}");
    assertThat(newest.subList(1, newest.size()))
        .containsExactly(title(rated), genre(rated), Long.toString(year(rated)), "5");
  }

  private static List<Long> movieIdsShown() {
    return browser.findElements(By.cssSelector("#recs tbody .rate-btn")).stream()
        .map(b -> Long.parseLong(b.getDomAttribute("data-movie-id"))).toList();
  }

  private static String text(String id) {
    return browser.findElement(By.id(id)).getText().strip();
  }

  /** An explicit wait; on time-out, what the page showed (and a screenshot under target/). */
  private static void await(String what, Function<WebDriver, Boolean> condition) {
    try {
      new WebDriverWait(browser, WAIT, Duration.ofMillis(100))
          .ignoring(StaleElementReferenceException.class) // a row re-rendered while read
          .until(condition);
    } catch (TimeoutException e) {
      throw new AssertionError("Waited " + WAIT.toSeconds() + " s for " + what + "; the page showed"
          + " status '" + text("user-status") + "', list '" + text("rec-meta") + "', update '"
          + text("update-time") + "', history '" + text("history-meta") + "', script errors "
          + scriptErrors() + " (screenshot " + screenshot() + ")", e);
    }
  }

  /** Uncaught exceptions and other errors the page's scripts logged since the last call. */
  private static List<String> scriptErrors() {
    return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .filter(message -> !message.contains("favicon.ico"))
        .toList();
  }

  private static Path screenshot() {
    try {
      Path target = Path.of("target", "console-browser-test.png").toAbsolutePath();
      Files.createDirectories(target.getParent());
      File png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
      return Files.copy(png.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static WebDriver openBrowser() throws IOException {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // without the background-networking flags Chromium keeps dialling out, and the closed
    // network refuses it; a fresh profile keeps runs independent
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,1024",
        "--user-data-dir=" + Files.createDirectory(work.resolve("chromium-profile")));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
    return driver;
  }

  /** A few ratings through the ingest API; returns once the recommender has applied them. */
  private static void seedUser(String ingestUrl, String recommenderUrl)
      throws InterruptedException {
    WebTestClient ingestHttp = WebTestClient.bindToServer().baseUrl(ingestUrl)
        .responseTimeout(WAIT).build();
    for (long movie : SEEDED) {
      ingestHttp.post().uri("/ratings").contentType(MediaType.APPLICATION_JSON)
          .bodyValue(Map.of("user_id", USER, "movie_id", movie, "rating", 4.0))
          .header("X-API-Key", API_KEY).exchange().expectStatus().isAccepted();
    }
    WebTestClient http = WebTestClient.bindToServer().baseUrl(recommenderUrl)
        .defaultHeader("X-API-Key", API_KEY).responseTimeout(WAIT).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      String body = http.post().uri("/recommend_fast").contentType(MediaType.APPLICATION_JSON)
          .bodyValue(Map.of("user_id", USER, "k", 1)).exchange()
          .returnResult(String.class).getResponseBody().blockFirst();
      String history = http.get().uri("/users/" + USER + "/history").exchange()
          .returnResult(String.class).getResponseBody().blockFirst();
      if (body != null && body.contains("\"gsasrec") && history != null
          && history.contains("\"movie_id\":" + SEEDED.get(SEEDED.size() - 1))) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the recommender did not apply the seeded ratings within 60 s: "
            + body + " " + history);
      }
      Thread.sleep(100);
    }
  }

  private static void publishCatalog(Map<String, Object> kafka) throws Exception {
    try (KafkaProducer<Long, CatalogItem> producer = new KafkaProducer<>(kafka,
        Topics.CATALOG.keySerde().serializer(), Topics.CATALOG.valueSerde().serializer())) {
      for (int r = 1; r <= ReferenceBundle.ITEMS; r++) {
        long id = ReferenceBundle.MOVIE_OFFSET + r;
        producer.send(new ProducerRecord<>(Topics.CATALOG.name(), id,
            new CatalogItem(id, title(id), List.of(genre(id)), (int) year(id)))).get();
      }
    }
  }

  private static String title(long movieId) {
    return "Film number " + movieId;
  }

  private static String genre(long movieId) {
    return List.of("Comedy", "Drama", "Action", "Animation").get((int) (movieId % 4));
  }

  private static long year(long movieId) {
    return 1980 + movieId % 30;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
