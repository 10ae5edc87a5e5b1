"""Driving the admin console in headless Chromium (Debian's ``chromium`` and
``chromium-driver``, through selenium): a browser per test, waits on what the
page shows, and screenshots kept under ``var/test-artifacts/console/``
(``JUDGE_TEST_ARTIFACTS`` elsewhere)."""

from __future__ import annotations

import base64
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

CHECKOUT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("JUDGE_TEST_ARTIFACTS") or CHECKOUT / "var" / "test-artifacts"
                 ) / "console"
CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")
T = TypeVar("T")


def clear_failures() -> None:
    """The evidence of an earlier run's failures (this run's own stays)."""
    for old in ARTIFACTS.glob("console-failed-*"):
        old.unlink()


def need_browser() -> None:
    if CHROMIUM is None or CHROMEDRIVER is None:
        pytest.skip("chromium and chromium-driver are not installed "
                    "(apt-get install chromium chromium-driver; deploy/setup.sh --dev does)")


@contextmanager
def chromium() -> Iterator[WebDriver]:
    """Headless Chromium with Debian's chromedriver named outright, so selenium
    looks for no driver of its own (that would need the network)."""
    need_browser()
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900", "--lang=en-US"):
        options.add_argument(arg)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    try:
        yield driver
    finally:
        driver.quit()


class Console:
    """The console of the service at ``url``, in ``driver``."""

    def __init__(self, driver: WebDriver, url: str) -> None:
        self.driver = driver
        self.url = url

    def open(self, route: str = "") -> None:
        self.driver.get(f"{self.url}/console/{route}")

    def until(self, found: Callable[[WebDriver], T | None], timeout: float = 30) -> T:
        """What ``found`` returns once truthy (a stale element counts as not yet)."""
        def attempt(driver: WebDriver) -> T | None:
            try:
                return found(driver)
            except StaleElementReferenceException:
                return None
        return WebDriverWait(self.driver, timeout, poll_frequency=0.1).until(attempt)

    def element(self, css: str, timeout: float = 30) -> WebElement:
        return self.until(lambda d: next(iter(d.find_elements(By.CSS_SELECTOR, css)), None),
                          timeout)

    def text(self, css: str, contains: str = "", timeout: float = 30) -> str:
        """The text of ``css`` once it shows ``contains`` (any text if empty)."""
        def shown(driver: WebDriver) -> str | None:
            for node in driver.find_elements(By.CSS_SELECTOR, css):
                if node.is_displayed() and node.text and contains in node.text:
                    return str(node.text)
            return None
        return self.until(shown, timeout)

    def log_in(self, token: str) -> None:
        self.open()
        field = self.element("#token")
        field.clear()
        field.send_keys(token)
        self.element("#login button[type=submit]").click()

    def drop(self, *files: Path) -> None:
        """Drop ``files`` on the upload zone, as a user dragging them from a file
        manager: a staging file input gets them, then a drop event carries them."""
        self.driver.execute_script(
            "const i = document.createElement('input'); i.type = 'file'; i.multiple = true;"
            "i.id = 'staging'; document.body.append(i);")
        self.element("#staging").send_keys("\n".join(str(f) for f in files))
        self.driver.execute_script(
            "const staging = document.getElementById('staging'); const data = new DataTransfer();"
            "for (const f of staging.files) data.items.add(f); staging.remove();"
            "document.getElementById('dropzone').dispatchEvent("
            "new DragEvent('drop', {dataTransfer: data, bubbles: true, cancelable: true}));")

    def screenshot(self, name: str) -> Path:
        """The whole page, beyond the window's height (Chrome DevTools' capture)."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"console-{name}.png"
        size = self.driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 4000),
                "scale": 1}
        shot = self.driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True, "clip": clip})
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    def keep_failure(self, test: str, errors: list[str]) -> None:
        """What the page showed when ``test`` failed, beside the screenshots."""
        self.screenshot(f"failed-{test}")
        (ARTIFACTS / f"console-failed-{test}.log").write_text(
            "\n".join([self.driver.current_url, *errors, self.driver.page_source]))

    def console_errors(self) -> list[str]:
        """Severe messages of the page's JavaScript console (a stack trace is a bug)."""
        return [str(entry["message"]) for entry in self.driver.get_log("browser")
                if entry["level"] == "SEVERE" and "Failed to load resource" not in entry["message"]]
