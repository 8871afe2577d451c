"""A person with a keyboard only: Tab and Shift+Tab from one control to the next, the focus ring
checked at every stop, and every control of a form reached on the way to its button."""

from dataclasses import dataclass, field

from playwright.sync_api import Locator, Page, expect

# At each stop: the focused element, its ring (outline and box-shadow, computed), whether it is on
# the screen; and the ring of the element focused before, now that it has lost the focus. The
# browser's own parts of a control (a date field's calendar button) are compared as pictures.
_STOP = """() => {
  const ring = (element) => {
    const style = getComputedStyle(element);
    return [style.outlineStyle, style.outlineWidth, style.outlineColor, style.boxShadow].join(" | ");
  };
  const element = document.activeElement;
  const box = element.getBoundingClientRect();
  const stop = {
    key: element.id || element.getAttribute("name") || element.textContent.trim().slice(0, 60),
    tag: element.tagName.toLowerCase(), ring: ring(element),
    // The focus is on a part the browser draws inside the element (the calendar button of a
    // date field): the element's own style says nothing about it.
    inner: !element.matches(":focus"),
    onScreen: box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0
      && box.left < innerWidth && box.top < innerHeight, box: [box.left, box.top, box.right, box.bottom],
  };
  const before = window.__keyboardStop;
  if (before && before.element !== element && before.element.isConnected) {
    stop.before = {key: before.key, focused: before.ring, unfocused: ring(before.element)};
  }
  if (!stop.inner) window.__keyboardStop = {element, key: stop.key, ring: stop.ring};
  return stop;
}"""


def drawn(ring: str) -> bool:
    """An outline that shows (a style other than none, wider than 0px) or a box-shadow."""
    style, width, _colour, shadow = ring.split(" | ")
    return (style != "none" and width != "0px") or shadow != "none"


@dataclass
class KeyboardUser:
    page: Page
    visited: list[str] = field(default_factory=list)
    # A control whose inner part had the focus at the last stop, and its picture then.
    _inner: tuple | None = None

    def press(self, key: str) -> dict:
        """A key that moves the focus; the control it lands on must show that it has it."""
        self.page.keyboard.press(key)
        if self._inner is not None:
            control, focused = self._inner
            self._inner = None
            assert control.screenshot() != focused, "a date field's calendar button shows no focus"
        stop = self.page.evaluate(_STOP)
        if stop["inner"]:
            control = self.page.evaluate_handle("document.activeElement")
            self._inner = (control, control.screenshot())
        elif stop["tag"] not in ("body", "main"):
            assert drawn(stop["ring"]), f"no visible focus on {stop['key']!r} ({stop['tag']}): {stop['ring']}"
            assert stop["onScreen"], f"the focused {stop['key']!r} is off the screen: {stop['box']}"
        if before := stop.get("before"):
            assert before["focused"] != before["unfocused"], f"{before['key']!r} looks the same with and without focus"
        self.visited.append(stop["key"])
        return stop

    def tab_to(self, target: Locator, *, backwards: bool = False, limit: int = 60) -> None:
        """Tab (Shift+Tab) until ``target`` has the focus, checking every stop on the way."""
        handle = target.element_handle()
        for _ in range(limit):
            self.press("Shift+Tab" if backwards else "Tab")
            if self.page.evaluate("(target) => document.activeElement === target", handle):
                return
        raise AssertionError(f"{target} cannot be reached with {'Shift+Tab' if backwards else 'Tab'}")

    def type_into(self, target: Locator, text: str) -> None:
        self.tab_to(target)
        self.page.keyboard.type(text)
        expect(target).to_be_focused()

    def pick(self, select: Locator, shown: str, *, limit: int = 60) -> None:
        """Arrow Down through a closed list until its chosen option reads ``shown`` (typing the
        first letters works for Latin ones only: Playwright sends Cyrillic as inserted text)."""
        self.tab_to(select)
        for _ in range(limit):
            if select.evaluate("(s) => s.options[s.selectedIndex].text").startswith(shown):
                return
            self.page.keyboard.press("ArrowDown")
        raise AssertionError(f"no option {shown!r} reached with Arrow Down in {select}")

    def skip_to_content(self) -> None:
        """On a page just opened: the first Tab stop is the skip link, shown, and Enter on it puts
        the focus at the start of the content."""
        stop = self.press("Tab")
        skip = self.page.locator(".skip-link")
        expect(skip).to_be_focused()
        assert stop["onScreen"], "the skip link stays off the screen when focused"
        self.page.keyboard.press("Enter")
        expect(self.page.locator("main")).to_be_focused()
        self.page.evaluate("delete window.__keyboardStop")  # main is no control: no ring asked of it

    def expect_all_reached(self, form: Locator) -> None:
        """Every control of the form the person can use had the focus on the way."""
        controls = form.locator("input:not([type=hidden]), select, textarea, button").evaluate_all(
            "(all) => all.filter((c) => !c.disabled && c.offsetParent !== null).map("
            "(c) => c.id || c.getAttribute('name') || c.textContent.trim().slice(0, 60))")
        missed = [key for key in controls if key not in self.visited]
        assert not missed, f"never reached with the keyboard: {missed}"
