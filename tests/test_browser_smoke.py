"""Browser smoke test in headless Chromium: home page, elderly mode, back-office login.

Skipped with a visible reason when Chromium is not installed, unless GONGKAI_REQUIRE_BROWSER=1
(set by .ci/run, which installs the Debian packages first).
"""

import os
import shutil

import pytest

from conftest import CHROMEDRIVER, CHROMIUM, PASSWORD

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
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_home_elderly_mode_and_staff_login(live_server, browser, clerk, settings):
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(live_server.url + "/")
    assert "示范区人民政府" in browser.title
    html = browser.find_element(By.TAG_NAME, "html")
    assert "elderly" not in (html.get_attribute("class") or "")
    normal_size = browser.execute_script(
        "return getComputedStyle(document.documentElement).fontSize"
    )

    # The toggle reloads the page: read the class in one script call and retry while the old
    # document goes away (stale elements, "node does not belong to the document", unloading).
    browser.find_element(By.ID, "elderly-toggle").click()
    WebDriverWait(browser, 30, ignored_exceptions=(WebDriverException,)).until(
        lambda d: "elderly" in (d.execute_script("return document.documentElement.className") or "")
    )
    large_size = browser.execute_script(
        "return getComputedStyle(document.documentElement).fontSize"
    )
    assert float(large_size.rstrip("px")) > float(normal_size.rstrip("px"))

    # The mode persists on the next page.
    browser.get(live_server.url + "/open/")
    assert "elderly" in browser.find_element(By.TAG_NAME, "html").get_attribute("class")

    browser.get(live_server.url + "/staff/")
    assert "/staff/login/" in browser.current_url
    browser.find_element(By.ID, "id_username").send_keys("clerk")
    browser.find_element(By.ID, "id_password").send_keys(PASSWORD)
    browser.find_element(By.ID, "login-submit").click()
    WebDriverWait(browser, 30, ignored_exceptions=(WebDriverException,)).until(
        lambda d: "/staff/login/" not in d.current_url
    )
    assert browser.current_url.rstrip("/").endswith("/staff")
    assert "区民政局 · 经办人" in browser.find_element(By.TAG_NAME, "body").text
    # No console errors such as CSP violations.
    errors = [e for e in browser.get_log("browser") if e.get("level") == "SEVERE"]
    assert errors == [], errors
