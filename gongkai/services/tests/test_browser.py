"""The map, a guide and a QR notice in headless Chromium: nothing is fetched from another host and
the browser reports no CSP violation. Skipped with a visible reason when Chromium is missing,
unless GONGKAI_REQUIRE_BROWSER=1 (set by .ci/run)."""

import json
import os
import shutil

import pytest

from conftest import CHROMEDRIVER, CHROMIUM

from .factories import guide, point, subdistrict

HAVE_BROWSER = bool(shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER))
REQUIRED = os.environ.get("GONGKAI_REQUIRE_BROWSER") == "1"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not HAVE_BROWSER and not REQUIRED,
        reason=f"headless Chromium not found ({CHROMIUM}, {CHROMEDRIVER}); apt-get install chromium chromium-driver",
    ),
]


@pytest.fixture
def browser(tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,900",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_service_pages_load_only_from_gongkai(live_server, browser, agency, district):
    from selenium.webdriver.common.by import By

    g = guide(agency)
    sub = subdistrict(district)
    point(sub, sub)
    point(agency, sub, name="朝阳综合为老服务中心", kind="elderly", lon="121.48", lat="30.93")
    for path in ["/services/map/", g.get_absolute_url(), f"/services/notice/guide/{g.pk}/"]:
        browser.get(live_server.url + path)
        assert browser.find_element(By.TAG_NAME, "h1").text
    svg = browser.find_elements(By.CSS_SELECTOR, "svg.qr-code")
    assert svg and svg[0].size["width"] > 100
    requested = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            requested.append(message["params"]["request"]["url"])
    assert requested
    # Chromium's own chrome:// pages aside, every request goes to Gongkai.
    web = [u for u in requested if u.startswith(("http:", "https:", "ws:", "wss:"))]
    assert any("/static/gongkai/services" in u for u in web)
    foreign = [u for u in web if not u.startswith(live_server.url)]
    assert foreign == []
    # Stylesheets applied (no CSP block): the map dots take their colour from services.css.
    browser.get(live_server.url + "/services/map/")
    fill = browser.execute_script(
        "return getComputedStyle(document.querySelector('circle.pt-elderly')).fill"
    )
    assert fill == "rgb(124, 58, 237)"
    errors = [e for e in browser.get_log("browser") if e.get("level") == "SEVERE"]
    assert errors == [], errors
