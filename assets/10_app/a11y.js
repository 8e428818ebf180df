/* Names and roles for Dash 4's slider, dropdown and checklist, which take no aria props of their own.
 *
 * The layout puts a <label for="ID"> before each dcc.Slider and dcc.Dropdown (layouts/theme_page.py,
 * layouts/comparison.py). Dash renders the slider as a <div id="ID"> (not labelable) around a Radix
 * thumb (role="slider") and a number box, and the dropdown as a <button id="ID"> named only by its
 * value, behind an aria-hidden but focusable <input> that passes Tab focus on to the button. This
 * script names the thumb, the box and the button after their label and makes that focus input a
 * named, visible-to-assistive-technology field, so screen readers say "Jahr, Schieberegler, 2024" and
 * "Indikator, Betreuungsquote U3" (checked by axe in tests/browser/test_accessibility.py).
 * Dash 4 also marks a dcc.Checklist / dcc.RadioItems up as a listbox of options that each hold a
 * native checkbox or radio button: nested controls (axe nested-interactive). Here they become a plain
 * group of the native inputs, which carry their own names and states. And the section headers of
 * a dash-bootstrap-components DropdownMenu ("Exportieren") are role="heading" without the level
 * ARIA requires: they get one below the heading they follow.
 * Dash re-renders pages whole, so a MutationObserver applies all this to every new control, and
 * again when React puts back an option's aria-selected.
 */
(function () {
  "use strict";

  function labelFor(id) {
    if (!id) return null;
    const label = document.querySelector('label[for="' + CSS.escape(id) + '"]');
    if (label && !label.id) label.id = id + "--label";
    return label;
  }

  function setIfChanged(element, name, value) {
    if (element.getAttribute(name) !== value) element.setAttribute(name, value);
  }

  function nameSlider(container) {
    const label = labelFor(container.id);
    if (!label) return;
    container.querySelectorAll('[role="slider"]').forEach((thumb) => setIfChanged(thumb, "aria-labelledby", label.id));
    container.querySelectorAll("input").forEach((box) => setIfChanged(box, "aria-labelledby", label.id));
  }

  function nameDropdown(button) {
    const label = labelFor(button.id);
    if (!label) return;
    // Label first, then the value and the count in the order they are shown.
    const names = [label.id, button.id + "-value", button.id + "-value-count"].join(" ");
    setIfChanged(button, "aria-labelledby", names);
    const proxy = button.previousElementSibling;
    if (proxy && proxy.classList.contains("dash-dropdown-focus-target")) {
      proxy.removeAttribute("aria-hidden");
      setIfChanged(proxy, "aria-labelledby", names);
    }
  }

  function ungroupOptions(list) {
    const radio = list.classList.contains("dash-radioitems");
    setIfChanged(list, "role", radio ? "radiogroup" : "group");
    const label = labelFor(list.id);
    if (label) setIfChanged(list, "aria-labelledby", label.id);
    list.querySelectorAll(".dash-options-list-option").forEach((option) => {
      if (option.hasAttribute("role")) option.removeAttribute("role");
      if (option.hasAttribute("aria-selected")) option.removeAttribute("aria-selected");
    });
  }

  const HEADINGS = "h1, h2, h3, h4, h5, h6, [role='heading'][aria-level]:not(.dropdown-header)";

  function levelOf(heading) {
    return Number(heading.getAttribute("aria-level")) || Number(heading.tagName.slice(1)) || 2;
  }

  function levelMenuHeader(header) {
    if (header.hasAttribute("aria-level")) return;
    let before = null;
    for (const heading of document.querySelectorAll(HEADINGS)) {
      if (heading.compareDocumentPosition(header) & Node.DOCUMENT_POSITION_FOLLOWING) before = heading;
      else break;
    }
    header.setAttribute("aria-level", String(Math.min(6, (before ? levelOf(before) : 1) + 1)));
  }

  function apply() {
    document.querySelectorAll(".dash-slider-container[id]").forEach(nameSlider);
    document.querySelectorAll("button.dash-dropdown[id]").forEach(nameDropdown);
    document.querySelectorAll(".dash-checklist, .dash-radioitems").forEach(ungroupOptions);
    document.querySelectorAll(".dropdown-header[role='heading']:not([aria-level])").forEach(levelMenuHeader);
  }

  function start() {
    apply();
    // New nodes (a page, a re-rendered control) and an option's aria-selected put back by React;
    // the changes made here end in a state apply() leaves alone, so this does not loop.
    new MutationObserver(apply).observe(document.body, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["aria-selected"],
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
