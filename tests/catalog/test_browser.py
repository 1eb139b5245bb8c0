"""The example app's catalog in a real headless Chromium, used as a person would: the
index lists every event, the search box filters it, an event's page opens on a click
with its producers and consumers, every link resolves, nothing is logged to the
console and nothing but the site's own files is loaded.

Needs the OS's ``chromium`` and ``chromedriver`` (Debian: chromium, chromium-driver;
.ci/run installs them) and selenium (the dev extras); skipped, saying so, without them.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from catalog.helpers import EXAMPLES
from event_lint.registry import Registry

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
if BROWSER is None or DRIVER is None:
    pytest.skip(
        "browser tests skipped: no chromium/chromedriver on the PATH "
        "(apt-get install chromium chromium-driver)",
        allow_module_level=True,
    )


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(BROWSER)
    arguments = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage")
    for argument in (*arguments, "--window-size=1280,900"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def url(path: Path) -> str:
    return path.resolve().as_uri()


def visible_events(driver: Any) -> list[str]:
    rows = driver.find_elements(By.CSS_SELECTOR, "tr.event")
    return [row.get_attribute("data-name") for row in rows if row.is_displayed()]


def table(driver: Any, section: str) -> list[list[str]]:
    rows = driver.find_elements(By.CSS_SELECTOR, f"section#{section} tbody tr")
    return [[cell.text for cell in row.find_elements(By.TAG_NAME, "td")] for row in rows]


def test_the_index_lists_every_event(browser: Any, example_site: Path) -> None:
    browser.get(url(example_site / "index.html"))
    registry = Registry.load(EXAMPLES.parent / "schemas")
    assert visible_events(browser) == registry.names()
    assert browser.find_element(By.ID, "count").text == "14 of 14 events"


def test_typing_in_the_search_box_filters(browser: Any, example_site: Path) -> None:
    browser.get(url(example_site / "index.html"))
    search = browser.find_element(By.ID, "search")
    search.send_keys("invoice")
    assert visible_events(browser) == ["billing/invoice.paid"]
    assert browser.find_element(By.ID, "count").text == "1 of 14 events"
    domains = browser.find_elements(By.CSS_SELECTOR, "section.domain")
    shown = [s.get_attribute("data-domain") for s in domains if s.is_displayed()]
    assert shown == ["billing"]
    search.clear()
    search.send_keys("INNGEST retry")  # every word, any case: name, domain, description
    assert visible_events(browser) == ["inngest/function.failed"]
    search.send_keys(" nothing-like-this")
    assert visible_events(browser) == []
    assert browser.find_element(By.ID, "no-match").is_displayed()


def test_clicking_an_event_opens_its_page(browser: Any, example_site: Path) -> None:
    browser.get(url(example_site / "index.html"))
    browser.find_element(By.LINK_TEXT, "billing/invoice.paid").click()
    assert browser.current_url == url(example_site / "events" / "billing_invoice.paid.html")
    assert browser.find_element(By.TAG_NAME, "h1").text == "billing/invoice.paid"
    assert table(browser, "producers") == [
        ["app/api/orders.py:28", "pay_invoice", "client.send", "v2 (BillingInvoicePaidV2)"]
    ]
    consumers = table(browser, "consumers")
    assert consumers == [["app/functions/billing.py:13", "record_payment", "trigger", ""]]
    verdict = browser.find_element(By.CSS_SELECTOR, "#compatibility .verdict").text
    assert verdict == "compatible under BACKWARD_TRANSITIVE (strict)"
    browser.find_element(By.LINK_TEXT, "← All events").click()
    assert browser.current_url == url(example_site / "index.html")


def test_every_link_resolves_and_only_local_files_load(browser: Any, example_site: Path) -> None:
    pages = [example_site / "index.html", *sorted((example_site / "events").glob("*.html"))]
    browser.get_log("performance")  # start from this test's requests
    for page in pages:
        browser.get(url(page))
        hrefs = browser.execute_script(
            "return Array.from(document.querySelectorAll('a')).map("
            "a => new URL(a.getAttribute('href'), document.baseURI).href)"
        )
        assert hrefs, page
        for href in hrefs:
            parts = urlsplit(href)
            assert parts.scheme == "file", (page, href)
            assert Path(unquote(parts.path)).is_file(), (page, href)
        loaded = browser.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)"
        )
        # Chromium lists no entry for a file:// load; any other scheme would be one.
        assert all(urlsplit(name).scheme == "file" for name in loaded), (page, loaded)
    requested = [
        message["params"]["request"]["url"]
        for entry in browser.get_log("performance")
        if (message := json.loads(entry["message"])["message"])["method"]
        == "Network.requestWillBeSent"
    ]
    assert requested and all(u.startswith("file://") for u in requested), requested


def test_no_console_errors(browser: Any, example_site: Path) -> None:
    browser.get_log("browser")
    for page in [example_site / "index.html", *sorted((example_site / "events").glob("*.html"))]:
        browser.get(url(page))
    browser.get(url(example_site / "index.html"))
    search = browser.find_element(By.ID, "search")
    search.send_keys("order")
    assert browser.get_log("browser") == []
