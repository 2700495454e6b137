package dev.billing.system;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Assumptions;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** The browser of the browser tests: Debian's chromium and chromedriver, headless, never fetched (no Selenium Manager). */
final class Chromium {
    private static final Path SCREENSHOTS = Path.of("target/screenshots");

    private Chromium() {
    }

    /** .ci/run installs chromium and chromium-driver; a machine without them skips the browser tests, saying why. */
    static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver")),
                "the browser tests need /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium chromium-driver)");
    }

    static WebDriver start() {
        try {
            ChromeOptions options = new ChromeOptions();
            options.setBinary("/usr/bin/chromium");
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--window-size=1280,1200", "--lang=en-US",
                    "--user-data-dir=" + Files.createTempDirectory("chromium-profile").toAbsolutePath());
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
            return new ChromeDriver(service, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Clicks what leads to another page and waits until the browser has left this one (its {@code <html>} is stale) and
     * the next has loaded: reading the next page earlier would read the old one, or nothing while it loads.
     */
    static void clickToNextPage(WebDriver browser, By what) {
        WebElement page = browser.findElement(By.tagName("html"));
        try {
            click(browser, browser.findElement(what));
        } catch (WebDriverException notInTheDocument) {
            // chromedriver may refuse the click before making it ("Node with given id does not belong to the document",
            // from the enabled check it makes first; seen in CI on the portal's pay button, twice in a row); the page has
            // not changed, so the click was not made: the element found again is clicked by script, which skips that check
            if (left(page)) {
                throw notInTheDocument;
            }
            ((JavascriptExecutor) browser).executeScript("arguments[0].click()", browser.findElement(what));
        }
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver -> left(page));
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver -> "complete".equals(
                ((JavascriptExecutor) driver).executeScript("return document.readyState")));
    }

    /**
     * Whether {@code element}'s document is gone: chromedriver says so with a stale reference or (seen in CI with Chrome 156,
     * on the old page's {@code <html>} right after a click that navigated) with "Node with given id does not belong
     * to the document".
     */
    private static boolean left(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (StaleElementReferenceException stale) {
            return true;
        } catch (WebDriverException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    private static void click(WebDriver browser, WebElement target) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", target);
        try {
            target.click();
        } catch (ElementClickInterceptedException atTheBottomEdge) {
            // the last element of a long page cannot be scrolled to the middle; the window's edge covers it
            ((JavascriptExecutor) browser).executeScript("arguments[0].click()", target);
        }
    }

    /** Saves what the browser shows as target/screenshots/{name}.png. */
    static void screenshot(WebDriver browser, String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
