"""Drives the teaching lab (build/lab) in headless Chromium over the DevTools protocol: serves the
folder on a free localhost port, starts Debian's chromium, and lets a caller read the page's
reported state (<body>'s data attributes, web/site/lab.js), drag a slider with the mouse, click,
and take screenshots. Used by tests/web and tools/bench_lab.py; needs python3-websocket.
"""
from __future__ import annotations

import base64
import functools
import http.server
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.request

import websocket


class LabBrowser:
    def __init__(self, site: str, width: int = 1400, height: int = 1500):
        self.site = site
        handler = functools.partial(_QuietHandler, directory=site)
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.profile = tempfile.mkdtemp(prefix="nmsim-lab-chromium-")
        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        if chromium is None:
            raise RuntimeError("chromium is not installed (tools/setup.sh installs it for the test stage)")
        # --no-sandbox: Chromium's sandbox refuses to run as root, which CI does.
        self.process = subprocess.Popen(
            [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--remote-debugging-port=0",
             f"--user-data-dir={self.profile}", f"--window-size={width},{height}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port = self._devtools_port()
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10))
        page = next(t for t in targets if t["type"] == "page")
        self.socket = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        self.next_id = 0
        self.console: list[str] = []
        self.call("Runtime.enable")
        self.call("Page.enable")

    def _devtools_port(self) -> int:
        marker = os.path.join(self.profile, "DevToolsActivePort")
        deadline = time.time() + 30
        while time.time() < deadline:
            if os.path.exists(marker):
                lines = open(marker).read().split()
                if lines:
                    return int(lines[0])
            if self.process.poll() is not None:
                raise RuntimeError(f"chromium exited with status {self.process.returncode}")
            time.sleep(0.1)
        raise RuntimeError("chromium did not open its DevTools port within 30 s")

    def call(self, method: str, **params):
        self.next_id += 1
        self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("method") == "Runtime.consoleAPICalled":
                self.console.append(" ".join(str(a.get("value", a.get("description", ""))) for a in message["params"]["args"]))
            elif message.get("method") == "Runtime.exceptionThrown":
                self.console.append("exception: " + json.dumps(message["params"]["exceptionDetails"])[:500])
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression: str):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def open(self, path: str = "index.html") -> None:
        self.call("Page.navigate", url=f"http://127.0.0.1:{self.server.server_address[1]}/{path}")

    def state(self) -> dict:
        return self.evaluate("Object.assign({}, document.body ? document.body.dataset : {})")

    def wait_for(self, condition, timeout: float = 60.0, what: str = "the page") -> dict:
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                s = self.state()
            except RuntimeError:
                s = {}
            if s.get("ready") == "failed":
                raise RuntimeError(f"the lab failed to start: {s.get('error')}; console: {self.console}")
            if condition(s):
                return s
            time.sleep(0.05)
        raise TimeoutError(f"{what} within {timeout} s; last state {self.state()}; console: {self.console}")

    def wait_until_settled(self, runs_before: int, timeout: float = 60.0) -> dict:
        """Waits until the page has run at least once more and has no slider move pending."""
        return self.wait_for(lambda s: int(s.get("runs", 0)) > runs_before and
                             self.evaluate("!state.pending && !state.running"), timeout, "a finished update")

    def _mouse(self, kind: str, x: float, y: float) -> None:
        self.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left",
                  buttons=1 if kind != "mouseReleased" else 0, clickCount=1)

    def drag_slider(self, slider_id: str, value: float, steps: int = 12) -> None:
        """Drags the slider's thumb with the mouse, as a student would, to where `value` lies."""
        box = self.evaluate(f"""(() => {{ const e = document.getElementById({json.dumps(slider_id)});
            e.scrollIntoView({{block: 'center'}}); const r = e.getBoundingClientRect();
            return {{x: r.left, y: r.top + r.height / 2, w: r.width, min: +e.min, max: +e.max, v: +e.value}}; }})()""")
        # A range input's thumb travels the track less half a thumb at each end (about 8 px).
        inset = 8.0
        to_x = lambda v: box["x"] + inset + (v - box["min"]) / (box["max"] - box["min"]) * (box["w"] - 2 * inset)
        x0, x1 = to_x(box["v"]), to_x(value)
        self._mouse("mousePressed", x0, box["y"])
        for k in range(1, steps + 1):
            self._mouse("mouseMoved", x0 + (x1 - x0) * k / steps, box["y"])
            time.sleep(0.03)
        self._mouse("mouseReleased", x1, box["y"])

    def click(self, selector: str) -> None:
        self.evaluate(f"document.querySelector({json.dumps(selector)}).click()")

    def screenshot(self, path: str) -> None:
        data = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def close(self) -> None:
        try:
            self.socket.close()
        finally:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
            self.server.shutdown()
            shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm",
                      ".js": "text/javascript"}

    def log_message(self, *args):
        pass
