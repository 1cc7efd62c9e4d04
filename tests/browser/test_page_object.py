"""qatron.page_object.BasePage on real Chromium (the plugin's ``driver``) and a real server."""

from __future__ import annotations

import time

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.remote.webdriver import WebDriver

from qatron.page_object import BasePage, By, PageError, _left

pytestmark = pytest.mark.browser


def test_waits_for_an_element_that_appears_after_half_a_second(driver: WebDriver,
                                                                pages_url: str) -> None:
    page = BasePage(driver, base_url=pages_url, timeout=5).open("/late")
    started = time.monotonic()
    page.click("button#pay")  # added by the page's script 500 ms after it loaded
    assert time.monotonic() - started >= 0.3
    assert page.get_text((By.ID, "done")) == "Paid"
    assert page.wait_for_url("paid=1") == f"{pages_url}/late?paid=1"
    assert page.wait_for("#spinner", "gone") is True
    assert page.is_displayed("#done") and not page.is_displayed("#missing")
    assert page.title == "Late"


def test_send_keys_clears_first_unless_told_not_to(driver: WebDriver, pages_url: str) -> None:
    page = BasePage(driver, base_url=pages_url + "/").open("late")
    page.send_keys("#name", "new")
    assert page.find("#name").get_attribute("value") == "new"
    page.send_keys("#name", "er", clear=False)
    assert page.find("#name").get_attribute("value") == "newer"
    assert page.url == f"{pages_url}/late"


def test_a_timeout_names_the_locator_the_condition_and_the_page(driver: WebDriver,
                                                                 pages_url: str) -> None:
    page = BasePage(driver, base_url=pages_url, timeout=1).open("/checkout")
    with pytest.raises(PageError) as info:
        page.click("button#pay")  # disabled: present and visible, never clickable
    assert str(info.value) == f"button#pay was not clickable within 1 s on {pages_url}/checkout"
    with pytest.raises(PageError) as info:
        page.find((By.XPATH, "//form"))
    assert str(info.value) == (f"xpath //form was not present within 1 s on "
                               f"{pages_url}/checkout")
    with pytest.raises(PageError, match=r"^the URL did not contain '/receipt' within 1 s on "):
        page.wait_for_url("/receipt")


def test_a_bad_condition_or_locator_says_what_is_expected(driver: WebDriver) -> None:
    page = BasePage(driver)
    with pytest.raises(ValueError, match="condition 'shown': expected one of visible, "
                                         "clickable, present, gone"):
        page.wait_for("#x", "shown")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="expected a CSS selector or a"):
        page.find(("css selector",))  # type: ignore[arg-type]


def test_actions_survive_elements_the_page_keeps_replacing(driver: WebDriver,
                                                          pages_url: str) -> None:
    """A reactive page re-renders between the wait and the action: the action is retried
    on the new element instead of failing with a stale element."""
    page = BasePage(driver, base_url=pages_url, timeout=20).open("/rerender")
    for _ in range(30):
        page.click("#more")
        page.send_keys("#note", "x")
        assert page.get_text("#live").isdigit()
    assert page.get_text("#count") == "30"


def test_submit_returns_once_the_next_document_is_shown(driver: WebDriver,
                                                       pages_url: str) -> None:
    """The receipt is served 0.3 s late: a plain click would return on the order page."""
    page = BasePage(driver, base_url=pages_url, timeout=5)
    for _ in range(5):
        page.open("/order").submit("#buy")
        assert driver.find_element(By.ID, "thanks").text == "Thank you"
        assert page.title == "Receipt"
    page.timeout = 1
    page.open("/order")
    with pytest.raises(PageError, match=rf"^clicking #nothing loaded no new page within 1 s "
                                        rf"on {pages_url}/order$"):
        page.submit("#nothing")


class _Root:
    """The previous document's root as ChromeDriver sometimes reports it mid-navigation."""

    def __init__(self, error: WebDriverException | None) -> None:
        self.error = error

    def is_enabled(self) -> bool:
        if self.error:
            raise self.error
        return True


def test_a_document_chromedriver_calls_a_foreign_node_counts_as_left(
        driver: WebDriver) -> None:
    """While the next page loads, ChromeDriver may answer "unknown error: unhandled inspector
    error: Node with given id does not belong to the document" instead of a stale element;
    Selenium's ``staleness_of`` raises it, ``submit`` waits on."""
    foreign = WebDriverException('unknown error: unhandled inspector error: {"code":-32000,'
                                 '"message":"Node with given id does not belong to the '
                                 'document"}')
    assert _left(_Root(foreign))(driver) is True  # type: ignore[arg-type]
    assert _left(_Root(None))(driver) is False  # type: ignore[arg-type]
    with pytest.raises(WebDriverException, match="session deleted"):
        _left(_Root(WebDriverException("session deleted")))(driver)  # type: ignore[arg-type]
