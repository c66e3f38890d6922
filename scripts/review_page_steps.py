"""Drives the review page as an approver does, for scripts/check-review-page.py.

`run_steps` plays a list of steps the Swift tests write (keys pressed, text typed, waits, and
snapshots of what the approver sees); `measure_open` times how long a page takes to open and
answer a key, and counts the images it loaded. Keys go through DevTools' Input domain, so the
page gets the same keydown events a keyboard makes.

Steps (JSON lists):
    ["press", KEY]            a key: a character, or Enter, Escape, ArrowDown, ArrowUp
    ["type", TEXT]            text typed into whatever has focus
    ["wait", JS, WHAT]        until the expression is true (fails after 20 s, saying WHAT)
    ["eval", JS]              runs the expression (e.g. clearing the status line to see the next)
    ["click", SELECTOR]       clicks the first element matching SELECTOR
    ["viewport", W, H]        the window's size in CSS pixels
    ["open", URL]             loads another URL in the same tab
    ["snap", LABEL, JS?]      records the page as the approver sees it (and JS's value as "extra")
"""
import time

SPECIAL_KEYS = {"Enter": (13, "\r"), "Escape": (27, None), "ArrowDown": (40, None), "ArrowUp": (38, None),
                "/": (191, "/"), "?": (191, "?")}

SNAPSHOT = """
(() => {
  // Tolerates a page without some of these elements (an older page), so a check fails on what
  // it looks at rather than on the snapshot.
  const byId = id => document.getElementById(id) || document.createElement('span');
  const text = id => byId(id).textContent;
  const active = document.activeElement;
  const card = active && active.closest ? active.closest('.item') : null;
  const items = [...document.querySelectorAll('.item')];
  const line = document.getElementById('status') || byId('message');
  const status = line.getBoundingClientRect();
  const atStatus = document.elementFromPoint(status.left + status.width / 2, status.top + status.height / 2);
  const warning = document.getElementById('warning');
  const empty = document.getElementById('empty');
  return {
    focus: card ? card.dataset.product : active.tagName.toLowerCase() + (active.id ? '#' + active.id : ''),
    inNote: active.classList.contains('note'),
    position: text('position'), message: text('message'),
    messageIsError: byId('message').className === 'error',
    statusOnScreen: status.top >= 0 && status.bottom <= innerHeight && status.height > 0 &&
      !!atStatus && line.contains(atStatus),
    scrollY: scrollY,
    warning: !warning || warning.hidden ? null : warning.textContent,
    warningOnScreen: !!warning && !warning.hidden && warning.getBoundingClientRect().bottom <= innerHeight,
    mode: text('mode'),
    shown: items.filter(item => item.style.display !== 'none').map(item => item.dataset.product),
    empty: !empty || empty.hidden ? null : empty.textContent.replace(/\\s+/g, ' ').trim(),
    selectedCount: text('selected-count'),
    checked: items.filter(item => item.querySelector('.select').checked).length,
    cards: items.map(item => ({product: item.dataset.product, state: item.dataset.state,
                               note: item.querySelector('.note').value}))
  };
})()
"""


def press(browser, session, key):
    code, text = SPECIAL_KEYS[key] if key in SPECIAL_KEYS else (ord(key.upper()), key)
    down = {"type": "keyDown" if text else "rawKeyDown", "key": key, "windowsVirtualKeyCode": code,
            "nativeVirtualKeyCode": code}
    if text:
        down.update(text=text, unmodifiedText=text)
    browser.call("Input.dispatchKeyEvent", down, session)
    browser.call("Input.dispatchKeyEvent", {"type": "keyUp", "key": key, "windowsVirtualKeyCode": code,
                                            "nativeVirtualKeyCode": code}, session)


def wait_for(browser, session, expression, what, seconds=20):
    deadline = time.monotonic() + seconds
    while not browser.evaluate(session, expression):
        if time.monotonic() > deadline:
            raise RuntimeError(f"waited {seconds} s for {what}; the page shows "
                               f"{browser.evaluate(session, SNAPSHOT)}")
        time.sleep(0.05)


def open_page(browser, session, url):
    browser.call("Page.navigate", {"url": url}, session)
    wait_for(browser, session, f"location.href === {url!r} && document.readyState === 'complete'",
             f"{url} to load", seconds=60)


def run_steps(browser, session, steps):
    browser.call("Emulation.setFocusEmulationEnabled", {"enabled": True}, session)
    snaps = []
    for step in steps:
        kind, arguments = step[0], step[1:]
        if kind == "press":
            press(browser, session, arguments[0])
        elif kind == "type":
            browser.call("Input.insertText", {"text": arguments[0]}, session)
        elif kind == "wait":
            wait_for(browser, session, arguments[0], arguments[1])
        elif kind == "eval":
            browser.evaluate(session, arguments[0])
        elif kind == "click":
            browser.evaluate(session, f"document.querySelector({arguments[0]!r}).click()")
        elif kind == "viewport":
            browser.call("Emulation.setDeviceMetricsOverride", {"width": arguments[0], "height": arguments[1],
                                                                "deviceScaleFactor": 1, "mobile": False}, session)
        elif kind == "open":
            open_page(browser, session, arguments[0])
        elif kind == "snap":
            snap = browser.evaluate(session, SNAPSHOT)
            snap["label"] = arguments[0]
            if len(arguments) > 1:
                snap["extra"] = browser.evaluate(session, arguments[1])
            snaps.append(snap)
        else:
            raise RuntimeError(f"unknown step {step}")
    return snaps


IMAGES = """
(() => {
  const images = [...document.images];
  // Cards are in page order, row by row: the first card below the window ends the count, so
  // the count never lays out the cards further down (that takes minutes for 5,000 cards).
  let visible = 0;
  for (const card of document.querySelectorAll('.item')) {
    if (card.getBoundingClientRect().top >= innerHeight) { break; }
    for (const image of card.querySelectorAll('img')) {
      const box = image.getBoundingClientRect();
      if (box.bottom > 0 && box.top < innerHeight && box.height > 0) { visible += 1; }
    }
  }
  return {total: images.length, visible: visible,
          loaded: images.filter(image => image.complete && image.naturalWidth > 0).length};
})()
"""


def measure_open(browser, session, url):
    """Opens `url` in the tab and reports, in milliseconds: until the page's script marked it
    ready (`review-page-ready`, from navigation start, as the page measures it), until the
    load event, and until a `j` pressed then moved focus to the first card (as this script
    sees it, so it includes the DevTools round trips); then the images, once loading settles."""
    browser.call("Emulation.setFocusEmulationEnabled", {"enabled": True}, session)
    started = time.monotonic()
    browser.call("Page.navigate", {"url": url}, session)
    wait_for(browser, session, "performance.getEntriesByName('review-page-ready').length > 0",
             "the page's script to finish", seconds=120)
    ready = browser.evaluate(session, "performance.getEntriesByName('review-page-ready')[0].startTime")
    press(browser, session, "j")
    wait_for(browser, session, "document.activeElement === document.querySelector('.item')",
             "j to focus the first card")
    interactive = (time.monotonic() - started) * 1000
    wait_for(browser, session, "document.readyState === 'complete'", "the load event", seconds=120)
    load = browser.evaluate(session, "performance.getEntriesByType('navigation')[0].loadEventEnd")
    previous = None
    while True:
        time.sleep(0.5)
        images = browser.evaluate(session, IMAGES)
        if images == previous:
            break
        previous = images
    return {"readyMs": ready, "loadMs": load, "interactiveMs": interactive, "images": images}
