"""Headless Chromium from Debian's packages, driven by Playwright (never a browser Playwright downloads).

`make test` and CI install Chromium when it is absent; without it these tests
fail, they never skip. Screenshots go to data/screenshots/ for a person to look at.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from pipeline.config import PROJECT_ROOT

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = PROJECT_ROOT / "data" / "screenshots"


@pytest.fixture(scope="session")
def browser() -> Browser:
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail("Chromium is not installed: `make chromium` installs Debian's package")
    with sync_playwright() as playwright:
        # Playwright gives every launch a fresh, temporary user-data-dir.
        browser = playwright.chromium.launch(executable_path=chromium, args=FLAGS, timeout=60_000)
        yield browser
        browser.close()


@pytest.fixture
def page(browser) -> Page:
    """A page in a fresh context that records console errors and uncaught exceptions in ``page.errors``."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.errors = []
    page.on("console", lambda message: page.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def screenshot(page: Page, folder: str, name: str) -> Path:
    path = SCREENSHOTS / folder / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path
