#!/usr/bin/env python3
"""The dashboard in a real browser: headless Chromium (Debian's chromium + chromium-driver, Selenium from
PyPI) against `factwire up` on the embedded PostgreSQL, over TLS with a client certificate.

Checks: the page loads with the admin client certificate; it shows the ingested sample facts and
escapes markup from the articles; the queue counts change within 2 s of a new document being
submitted, without a reload; an admin's retry of a dead-lettered job moves it back to available.
Saves a screenshot. Prints the measured figures as JSON. Exit status 0 only if every check passed.

Usage: dashboard-browser-test.py FACTWIRE_BINARY WORK_DIR
Runs as root on a CI machine: Chromium reads the policy that picks the client certificate from
/etc/chromium/policies/managed (removed again at the end).
"""
import json, os, shutil, signal, socket, ssl, subprocess, sys, time, urllib.request

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

BINARY, WORK = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
POLICY = "/etc/chromium/policies/managed/factwire-browser-test.json"

# Sample articles written for this test (not third-party text).
ARTICLE = """TECHNOLOGY

Northwind Robotics lifts its research budget

The warehouse robot maker expects spending to keep rising

By Dana Whitfield, Industry Correspondent

March 3, 2026

Northwind Robotics said on Tuesday that its revenue rose 12% to $4.2 billion in 2025. The company spent $630 million on research and development, about 15% of its revenue.

Harbor <img src=x onerror="window.__xss=1">Labs shipped more than 2.5 million units last year, the company said.
"""
SECOND = """BUSINESS

Lakeside Foods grows again

By Sam Ortega, Reporter

Lakeside Foods said its revenue grew 8% to $1.1 billion in 2025.
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what, predicate, timeout=20.0, interval=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except StaleElementReferenceException:
            pass
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def fresh(action, timeout=5.0):
    """Runs `action` (a find and a use of the element) again while the live updates replace the element under
    it: a panel refreshed between the find and the click or read raises StaleElementReferenceException."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return action()
        except StaleElementReferenceException:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.05)


def main():
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    home, tls = os.path.join(WORK, "home"), os.path.join(WORK, "home", "tls")
    port = free_port()
    base = f"https://127.0.0.1:{port}"
    log = open(os.path.join(WORK, "up.log"), "w")
    env = dict(os.environ, FACTWIRE_HOME=home)
    env.pop("DATABASE_URL", None)
    server = subprocess.Popen([BINARY, "up", "--listen", f"127.0.0.1:{port}"], stdout=log, stderr=subprocess.STDOUT, env=env)
    driver = None
    figures = {}
    try:
        def client(role):
            context = ssl.create_default_context(cafile=os.path.join(tls, "ca.pem"))
            context.load_cert_chain(os.path.join(tls, f"client-{role}.pem"), os.path.join(tls, f"client-{role}-key.pem"))
            return context

        # The server is up when /healthz answers over TLS (certificates are made on first start).
        def healthy():
            if server.poll() is not None:
                raise AssertionError(f"factwire up exited with {server.returncode}; see {log.name}")
            try:
                return urllib.request.urlopen(base + "/healthz", context=client("read"), timeout=2).status == 200
            except (OSError, ssl.SSLError):
                return False
        wait_for("factwire up to serve", healthy, timeout=120, interval=0.5)

        def submit(text, wait="10s"):
            request = urllib.request.Request(f"{base}/v1/documents?wait={wait}", data=text.encode(), method="POST",
                                             headers={"Content-Type": "text/plain"})
            with urllib.request.urlopen(request, context=client("ingest"), timeout=30) as response:
                return json.load(response)

        first = submit(ARTICLE)
        assert first["state"] == "completed", first
        dead = submit("hello")  # not an article: the job is dead-lettered
        assert dead["state"] == "discarded", dead
        dead_job = dead["job_id"]

        # Chromium: the admin certificate in its NSS database, the development CA trusted, and a policy
        # that presents the certificate to this server without asking.
        nss = os.path.join(WORK, "chrome-home", ".pki", "nssdb")
        os.makedirs(nss)
        p12 = os.path.join(WORK, "admin.p12")
        subprocess.run(["openssl", "pkcs12", "-export", "-in", os.path.join(tls, "client-admin.pem"), "-inkey",
                        os.path.join(tls, "client-admin-key.pem"), "-out", p12, "-passout", "pass:", "-name", "factwire-admin"], check=True)
        subprocess.run(["certutil", "-N", "-d", "sql:" + nss, "--empty-password"], check=True)
        subprocess.run(["pk12util", "-i", p12, "-d", "sql:" + nss, "-W", ""], check=True, stdout=subprocess.DEVNULL)
        subprocess.run(["certutil", "-A", "-n", "factwire-dev-ca", "-t", "C,,", "-i", os.path.join(tls, "ca.pem"), "-d", "sql:" + nss], check=True)
        os.makedirs(os.path.dirname(POLICY), exist_ok=True)
        with open(POLICY, "w") as f:
            json.dump({"AutoSelectCertificateForUrls": [json.dumps({"pattern": base, "filter": {}})]}, f)

        os.environ["HOME"] = os.path.join(WORK, "chrome-home")
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1366,2200", "--lang=en-GB"]:
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        started = time.monotonic()
        driver.get(base + "/")
        figures["page_load_seconds"] = round(time.monotonic() - started, 3)
        assert driver.find_element(By.CSS_SELECTOR, "h1").text == "Factwire", driver.page_source[:500]
        who = driver.find_element(By.CSS_SELECTOR, ".who").text
        assert "admin" in who, who

        # The sample facts, formatted with units; markup from the article shown as text, never run.
        facts = fresh(lambda: driver.find_element(By.CSS_SELECTOR, "table.facts").text)
        for expected in ["Northwind Robotics", "US$4.2 bn", "12 %", "R&D spend", "US$630 m"]:
            assert expected in facts, f"{expected!r} not in the facts table:\n{facts}"
        assert driver.find_elements(By.CSS_SELECTOR, "svg.chart rect.bar.revenue"), "no revenue bar in the chart"
        assert driver.execute_script("return window.__xss") is None, "markup from an article ran in the page"
        figures["fact_rows"] = len(driver.find_elements(By.CSS_SELECTOR, "table.facts tbody tr"))

        # Live updates arrive by SSE.
        wait_for("the live-updates indicator", lambda: "on" in driver.find_element(By.ID, "live").text, timeout=10)

        # A fact links to its article, with the evidence highlighted.
        link = driver.find_element(By.CSS_SELECTOR, "table.facts a[href*='#fact-']")
        href, evidence = link.get_attribute("href"), link.get_attribute("title")
        driver.get(href)
        mark = driver.find_element(By.CSS_SELECTOR, "mark:target, mark:has(span:target)")
        assert evidence and evidence in mark.text, f"the highlighted text {mark.text!r} is not the evidence {evidence!r}"
        driver.get(base + "/")

        # A company's name leads to its page: its figures charted by period and listed with their sources.
        fresh(lambda: driver.find_element(By.LINK_TEXT, "Northwind Robotics").click())
        wait_for("the company page", lambda: driver.find_element(By.CSS_SELECTOR, "h1").text == "Northwind Robotics")
        assert driver.find_elements(By.CSS_SELECTOR, "svg.chart.series rect.bar"), "no bar in the company's charts"
        listed = driver.find_element(By.CSS_SELECTOR, "table.figures").text
        assert "FY2025" in listed and "US$4.2 bn" in listed, f"the 2025 revenue is not among the figures:\n{listed}"
        figures["company_page_figures"] = len(driver.find_elements(By.CSS_SELECTOR, "table.figures tbody tr"))
        driver.get(base + "/")

        def cell(queue, count):
            return fresh(lambda: driver.find_element(
                By.CSS_SELECTOR, f"#queues-panel tr[data-queue='{queue}'] td[data-count='{count}']").text)

        def click_confirmed(selector):
            fresh(lambda: driver.find_element(By.CSS_SELECTOR, selector).click())
            alert = wait_for("the confirmation", lambda: driver.switch_to.alert, timeout=5)
            alert.accept()

        # The dead letter is listed with its error; pause the queue so a retried job stays available.
        wait_for("the dead letter", lambda: driver.find_elements(By.CSS_SELECTOR, f"tr[data-job='{dead_job}'][data-state='dead']"))
        click_confirmed("#queues-panel button[data-action='pause'][data-queue='ingest']")
        wait_for("the queue to show paused", lambda: driver.find_elements(By.CSS_SELECTOR, "#queues-panel tr[data-queue='ingest'] td[data-state='paused']"))

        # A new document: the available count changes without a reload.
        driver.execute_script("window.__notReloaded = true")
        before = int(cell("ingest", "available"))
        submitted = time.monotonic()
        submit(SECOND, wait="0s")
        wait_for("the available count to change", lambda: int(cell("ingest", "available")) == before + 1, timeout=2.0, interval=0.02)
        figures["queue_count_update_seconds"] = round(time.monotonic() - submitted, 3)
        assert driver.execute_script("return window.__notReloaded") is True, "the page reloaded"

        # Retry the dead letter: it moves back to available (the queue is paused, so it stays there).
        click_confirmed(f"button[data-action='retry'][data-job='{dead_job}']")
        wait_for("the retried job to be available",
                 lambda: driver.find_elements(By.CSS_SELECTOR, f"#jobs-panel tr[data-job='{dead_job}'][data-state='available']"), timeout=5)
        assert not driver.find_elements(By.CSS_SELECTOR, f"tr[data-job='{dead_job}'][data-state='dead']"), "the job is still a dead letter"
        wait_for("two available jobs", lambda: int(cell("ingest", "available")) == before + 2, timeout=5)
        with urllib.request.urlopen(f"{base}/v1/jobs/{dead_job}", context=client("admin"), timeout=10) as response:
            state = json.load(response)["state"]
        assert state == "available", f"the API says job {dead_job} is {state}"

        # Resume: the new document is ingested and its facts appear after a reload.
        click_confirmed("#queues-panel button[data-action='resume'][data-queue='ingest']")
        wait_for("the queue to drain", lambda: int(cell("ingest", "available")) == 0, timeout=20)
        driver.get(base + "/")
        wait_for("Lakeside Foods among the facts", lambda: "Lakeside Foods" in driver.find_element(By.CSS_SELECTOR, "table.facts").text, timeout=10)

        severe = [entry for entry in driver.get_log("browser") if entry.get("level") == "SEVERE"]
        assert not severe, f"browser console errors: {severe}"
        screenshot = os.path.join(WORK, "dashboard.png")
        driver.save_screenshot(screenshot)
        figures["screenshot"] = screenshot
        print("dashboard browser test: " + json.dumps(figures))
        return 0
    except Exception as error:  # noqa: BLE001 — report any failure with the page and the server log
        print(f"dashboard browser test FAILED: {error}")
        if driver is not None:
            try:
                driver.save_screenshot(os.path.join(WORK, "failure.png"))
                print(driver.page_source[:3000])
            except Exception:  # noqa: BLE001
                pass
        log.flush()
        with open(log.name) as f:
            print("--- factwire up log (last 40 lines)\n" + "".join(f.readlines()[-40:]))
        return 1
    finally:
        if driver is not None:
            driver.quit()
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        try:
            os.remove(POLICY)
        except FileNotFoundError:
            pass


if __name__ == "__main__":
    sys.exit(main())
