"""Page objects for browser tests: explicit waits on a Selenium WebDriver, never sleeps.

    >>> class CheckoutPage(BasePage):
    ...     PAY = "button#pay"                      # a CSS selector, or a (By.X, value) tuple
    ...     def pay(self) -> None:
    ...         self.click(self.PAY)                # waits until clickable (``timeout`` s)
    ...         self.wait_for_url("/receipt")
    >>> page = CheckoutPage(driver, base_url=environment["base_url"]).open("/checkout")

A wait that runs out raises :class:`PageError` naming the locator, the condition and the
page: "button#pay was not clickable within 10 s on http://127.0.0.1:8123/checkout". An
element the page replaced between the wait and the action (a re-render) is found again
and the action retried, within the same ``timeout``. :meth:`BasePage.submit` clicks and
waits for the next document, for forms and links that load a new page.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Literal, TypeVar, cast

from selenium.common.exceptions import (
    ElementClickInterceptedException,
    ElementNotInteractableException,
    StaleElementReferenceException,
    TimeoutException,
    WebDriverException,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.wait import WebDriverWait

__all__ = ["BasePage", "By", "Condition", "Locator", "PageError"]

#: A ``(By.CSS_SELECTOR, "button#pay")`` tuple, or a CSS selector string.
Locator = tuple[str, str] | str
#: What :meth:`BasePage.wait_for` waits for.
Condition = Literal["visible", "clickable", "present", "gone"]
_WORDS: dict[str, str] = {"visible": "visible", "clickable": "clickable",
                          "present": "present", "gone": "gone"}
_T = TypeVar("_T")
#: What ChromeDriver says of an element its page replaced, besides a stale reference.
_REPLACED = ("does not belong to the document", "stale element", "not attached to the page",
             "node is detached", "no node with given id")


class PageError(AssertionError):
    """A page did not reach the state a test waited for (a failure of the test, not QAtron)."""


class BasePage:
    """A page of the application under test, driven through ``driver``.

    ``base_url`` is what :meth:`open` puts before a path; ``timeout`` is how long (seconds)
    each wait lasts.
    """

    def __init__(self, driver: WebDriver, base_url: str | None = None,
                 timeout: float = 10) -> None:
        self.driver = driver
        self.base_url = (base_url or "").rstrip("/")
        self.timeout = timeout

    def open(self, path: str = "") -> BasePage:
        """Load ``base_url + path`` (a full URL as is); returns the page for chaining."""
        url = path if "://" in path else f"{self.base_url}/{path.lstrip('/')}"
        self.driver.get(url)
        return self

    @property
    def title(self) -> str:
        return self.driver.title

    @property
    def url(self) -> str:
        return self.driver.current_url

    def find(self, locator: Locator) -> WebElement:
        """The element once it is present in the page."""
        element: WebElement = self.wait_for(locator, "present")
        return element

    def click(self, locator: Locator) -> None:
        """Click the element once it is clickable (visible and enabled)."""
        self._act(locator, "clickable", lambda element: element.click())

    def send_keys(self, locator: Locator, text: str, clear: bool = True) -> None:
        """Type ``text`` into the visible element, emptying it first unless ``clear`` is
        False."""

        def type_in(element: WebElement) -> None:
            if clear:
                element.clear()
            element.send_keys(text)

        self._act(locator, "visible", type_in)

    def submit(self, locator: Locator) -> None:
        """Click the element (a form's button, a link) and wait until the browser shows the
        document it led to: the old one is gone, whatever words ChromeDriver uses for that."""
        old = self.find("html")
        self.click(locator)
        self._until(_left(old), f"clicking {_describe(locator)} loaded no new page")

    def get_text(self, locator: Locator) -> str:
        """The visible element's text."""
        return self._act(locator, "visible", lambda element: str(element.text))

    def is_displayed(self, locator: Locator) -> bool:
        """Whether the element is in the page and visible now (no wait); False when absent."""
        for _ in range(3):
            found = self.driver.find_elements(*_by(locator))
            try:
                return bool(found) and found[0].is_displayed()
            except WebDriverException as error:
                if not _replaced(error):
                    raise
        return False

    def wait_for(self, locator: Locator, condition: Condition = "visible") -> Any:
        """Wait until the element is ``condition``: the element (True for "gone")."""
        by = _by(locator)
        checks: dict[str, Callable[[WebDriver], Any]] = {
            "visible": ec.visibility_of_element_located(by),
            "clickable": ec.element_to_be_clickable(by),
            "present": ec.presence_of_element_located(by),
            "gone": ec.invisibility_of_element_located(by),
        }
        if condition not in checks:
            raise ValueError(f"condition {condition!r}: expected one of {', '.join(checks)}")
        return self._until(checks[condition], f"{_describe(locator)} was not "
                                              f"{_WORDS[condition]}")

    def wait_for_url(self, part: str) -> str:
        """Wait until the page's URL contains ``part``; returns the URL."""
        self._until(ec.url_contains(part), f"the URL did not contain {part!r}")
        return self.url

    def _act(self, locator: Locator, condition: Condition,
             action: Callable[[WebElement], _T]) -> _T:
        """``action`` on the element once it is ``condition``; again on the new element
        while the page replaces it (or covers it) and ``timeout`` lasts."""
        deadline = time.monotonic() + self.timeout
        while True:
            element = self.wait_for(locator, condition)
            try:
                return action(element)
            except WebDriverException as error:
                # covered, or swapped for a new element while typed into: try again
                passing = isinstance(error, (ElementClickInterceptedException,
                                             ElementNotInteractableException))
                if not (passing or _replaced(error)) or time.monotonic() > deadline:
                    raise

    def _until(self, check: Callable[[WebDriver], _T], failure: str) -> _T:
        def tolerant(driver: WebDriver) -> _T | bool:
            try:
                return check(driver)
            except WebDriverException as error:  # replaced while checked: check again
                if _replaced(error):
                    return False
                raise

        try:
            result = WebDriverWait(self.driver, self.timeout).until(tolerant)
        except TimeoutException:
            raise PageError(f"{failure} within {self.timeout:g} s on "
                            f"{self.driver.current_url}") from None
        return cast(_T, result)


def _replaced(error: WebDriverException) -> bool:
    """The element was replaced by the page: a stale reference, in any of its wordings."""
    return isinstance(error, StaleElementReferenceException) or any(
        words in str(error.msg or "").lower() for words in _REPLACED)


def _left(old: WebElement) -> Callable[[WebDriver], bool]:
    """A wait condition: ``old`` (the previous document's root) is no longer in the page."""

    def check(driver: WebDriver) -> bool:
        try:
            old.is_enabled()
        except WebDriverException as error:
            if _replaced(error):
                return True
            raise
        return False

    return check


def _by(locator: Locator) -> tuple[str, str]:
    if isinstance(locator, str):
        return By.CSS_SELECTOR, locator
    if isinstance(locator, tuple) and len(locator) == 2:
        return str(locator[0]), str(locator[1])
    raise TypeError(f"locator {locator!r}: expected a CSS selector or a (By.X, value) tuple")


def _describe(locator: Locator) -> str:
    """``button#pay`` for a CSS selector; ``xpath //button`` for another kind."""
    by, value = _by(locator)
    return value if by == By.CSS_SELECTOR else f"{by} {value}"
