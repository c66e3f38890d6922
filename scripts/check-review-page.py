#!/usr/bin/env python3
"""Opens the review page in headless Chromium and checks it as a reviewer would use it.

Drives Chromium over the DevTools protocol on a pipe (--remote-debugging-pipe), with the
standard library only. Prints one JSON object: how many images the page has and how many
loaded, each item's channel compliance lines as rendered (and whether they are visible), the
first item's state after clicking its Approve button (with --approve-first), and the status
message the page showed. With --screenshot PATH it also saves a PNG of the page.

With --steps JSON it instead plays an approver's steps (keys, typing, waits) and prints what the
page showed at each snapshot; with --measure-open, how long the page took to open and answer a
key, and how many of its images it loaded (review_page_steps.py has both).

    scripts/check-review-page.py URL [--chromium PATH] [--approve-first] [--screenshot PATH]
                                     [--steps JSON | --measure-open]
"""
import argparse
import base64
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import review_page_steps


class DevTools:
    """The DevTools protocol over Chromium's pipe: NUL-terminated JSON both ways."""

    def __init__(self, chromium):
        to_browser_read, self.to_browser = os.pipe()
        self.from_browser, from_browser_write = os.pipe()
        self.profile = tempfile.mkdtemp(prefix="review-check-")

        def wire_pipes():
            # Copies first: a pipe may already be fd 3 or 4, and os.pipe() fds close on exec.
            read_copy, write_copy = os.dup(to_browser_read), os.dup(from_browser_write)
            os.dup2(read_copy, 3, inheritable=True)
            os.dup2(write_copy, 4, inheritable=True)

        self.process = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             "--no-first-run", "--remote-debugging-pipe", "--hide-scrollbars", "--window-size=1400,1000",
             "--user-data-dir=" + self.profile, "about:blank"],
            preexec_fn=wire_pipes, close_fds=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser_read)
        os.close(from_browser_write)
        self.next_id = 0
        self.buffer = b""

    def call(self, method, params=None, session=None):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self.read()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]

    def read(self):
        while b"\0" not in self.buffer:
            chunk = os.read(self.from_browser, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def evaluate(self, session, expression):
        result = self.call("Runtime.evaluate", {"expression": expression, "awaitPromise": True,
                                                "returnByValue": True}, session)
        if "exceptionDetails" in result:
            raise RuntimeError(f"page script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def close(self):
        try:
            self.call("Browser.close")
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


WAIT_FOR_IMAGES = """
new Promise(resolve => {
  const done = () => [...document.images].every(image => image.complete);
  const check = () => document.readyState === 'complete' && done() ? resolve() : setTimeout(check, 50);
  check();
}).then(() => {
  const images = [...document.images];
  const ok = image => image.complete && image.naturalWidth > 0;
  return {total: images.length, loaded: images.filter(ok).length,
          broken: images.filter(image => !ok(image)).map(image => image.getAttribute('src')),
          items: document.querySelectorAll('.item').length, mode: document.getElementById('mode').textContent,
          compliance: [...document.querySelectorAll('.item')].map(item => ({
            product: item.dataset.product,
            lines: [...item.querySelectorAll('.compliance li')].map(line => ({
              channel: line.dataset.channel, result: line.className, text: line.textContent,
              visible: line.getBoundingClientRect().height > 0 && getComputedStyle(line).visibility !== 'hidden'}))}))};
})
"""

APPROVE_FIRST = """
new Promise((resolve, reject) => {
  const item = document.querySelector('.item');
  item.querySelector('.actions button[data-state=approved]').click();
  const started = Date.now();
  const check = () => {
    const message = document.getElementById('message').textContent;
    if (item.dataset.state === 'approved' && message) {
      resolve({product: item.dataset.product, variant: item.dataset.variant, state: item.dataset.state,
               message: message, approvedCount: document.getElementById('count-approved').textContent});
    } else if (Date.now() - started > 10000) {
      reject(new Error('the item did not become approved: ' + item.dataset.state + ' / ' + message));
    } else {
      setTimeout(check, 50);
    }
  };
  check();
})
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--chromium", default=shutil.which("chromium") or shutil.which("chromium-browser"))
    parser.add_argument("--approve-first", action="store_true")
    parser.add_argument("--screenshot")
    parser.add_argument("--steps", type=json.loads, help="a JSON list of steps (see review_page_steps.py)")
    parser.add_argument("--measure-open", action="store_true")
    arguments = parser.parse_args()
    if not arguments.chromium:
        sys.exit("chromium is not installed (Debian: apt-get install chromium)")
    signal.alarm(240 if arguments.measure_open else 90)
    browser = DevTools(arguments.chromium)
    try:
        first = "about:blank" if arguments.measure_open else arguments.url
        target = browser.call("Target.createTarget", {"url": first})["targetId"]
        session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        if arguments.measure_open:
            print(json.dumps(review_page_steps.measure_open(browser, session, arguments.url)))
            return
        # A new target starts on about:blank; wait until the page itself has loaded (a machine
        # busy with a parallel test run can take many seconds).
        deadline = time.monotonic() + 60
        while True:
            state = browser.evaluate(session, "[location.href, document.readyState]")
            if state[0] != "about:blank" and state[1] == "complete":
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"the page did not finish loading within 60 s (at {state[0]}, {state[1]})")
            time.sleep(0.05)
        if arguments.steps is not None:
            print(json.dumps({"snaps": review_page_steps.run_steps(browser, session, arguments.steps)}))
            return
        report = browser.evaluate(session, WAIT_FOR_IMAGES)
        if arguments.approve_first:
            report["approved"] = browser.evaluate(session, APPROVE_FIRST)
        if arguments.screenshot:
            shot = browser.call("Page.captureScreenshot", {"format": "png"}, session)
            with open(arguments.screenshot, "wb") as file:
                file.write(base64.b64decode(shot["data"]))
            report["screenshot"] = arguments.screenshot
        print(json.dumps(report))
    finally:
        browser.close()


if __name__ == "__main__":
    main()
