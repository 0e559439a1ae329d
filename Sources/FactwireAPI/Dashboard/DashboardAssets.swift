/// The dashboard's stylesheet, script and icon, compiled into the binary: no CDN, no build step, and
/// the page works on a machine without internet access.
enum DashboardAssets {
    static let files: [String: (contentType: String, body: String)] = [
        "dashboard.css": ("text/css; charset=utf-8", css),
        "dashboard.js": ("text/javascript; charset=utf-8", javascript),
        "favicon.svg": ("image/svg+xml", favicon)
    ]

    static let favicon = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#1f5f8b"/>\
        <path d="M4 12V4h7M4 8h5" stroke="#fff" stroke-width="2" fill="none"/></svg>
        """

    static let css = """
        :root { color-scheme: light dark; --fg: #1b1f24; --bg: #fff; --muted: #57606a; --line: #d0d7de; --accent: #1f5f8b;
                --warn-bg: #fff4d6; --warn: #7a4b00; --bad: #a40e26; --mark: #fff1a8; --bar1: #1f5f8b; --bar2: #2e8540; }
        @media (prefers-color-scheme: dark) {
          :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9da7b3; --line: #30363d; --accent: #58a6ff; --warn-bg: #3b2e00; --warn: #f2cc60;
                  --bad: #ff7b72; --mark: #5c4a00; --bar1: #58a6ff; --bar2: #56d364; }
        }
        * { box-sizing: border-box; }
        body { margin: 0 auto; max-width: 1280px; padding: 0 1rem 3rem; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif;
               color: var(--fg); background: var(--bg); }
        a { color: var(--accent); }
        :focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
        .skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: .5rem; background: var(--bg); padding: .3rem .6rem; }
        header.top { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: baseline; border-bottom: 1px solid var(--line); }
        header.top h1 { margin: .6rem 0; font-size: 1.4rem; }
        header.top nav a { margin-right: .8rem; }
        .who { margin-left: auto; color: var(--muted); }
        h2 { margin-top: 2rem; font-size: 1.2rem; } h3 { font-size: 1rem; margin: 1.4rem 0 .4rem; }
        table { border-collapse: collapse; width: 100%; margin: .3rem 0 1rem; }
        caption { text-align: left; color: var(--muted); font-size: .85rem; padding-bottom: .3rem; }
        th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        thead th { font-size: .85rem; color: var(--muted); font-weight: 600; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.error { color: var(--bad); max-width: 28rem; overflow-wrap: anywhere; }
        td.actions { white-space: nowrap; }
        .small { font-size: .85rem; color: var(--muted); }
        .empty { color: var(--muted); font-style: italic; }
        .badge { display: inline-block; padding: 0 .4rem; border-radius: .6rem; font-size: .8rem; border: 1px solid var(--line); }
        .badge.warn, .badge.retryable, .badge.discarded { background: var(--warn-bg); color: var(--warn); }
        .warnings { background: var(--warn-bg); color: var(--warn); padding: .6rem 1rem .6rem 2rem; border-radius: .4rem; }
        button { font: inherit; padding: .15rem .6rem; border: 1px solid var(--line); border-radius: .3rem; background: var(--bg); color: var(--fg); cursor: pointer; }
        button:hover { border-color: var(--accent); } button.danger { color: var(--bad); }
        button[disabled] { opacity: .5; cursor: progress; }
        .spark { vertical-align: middle; } .spark polyline { fill: none; stroke: var(--accent); stroke-width: 1.5; } .spark circle { fill: var(--accent); }
        .chart { max-width: 100%; height: auto; } .chart text { fill: var(--fg); font-size: 12px; } .chart .axis { font-weight: 600; }
        .chart .value { fill: var(--muted); } .bar.revenue { fill: var(--bar1); } .bar.intensity { fill: var(--bar2); }
        .chart-figure { margin: 1rem 0; } figcaption { color: var(--muted); font-size: .85rem; }
        form.filters { display: flex; flex-wrap: wrap; gap: .6rem 1rem; align-items: end; margin: .5rem 0 1rem; }
        form.filters label { display: flex; flex-direction: column; font-size: .85rem; color: var(--muted); }
        input, select { font: inherit; padding: .2rem .4rem; border: 1px solid var(--line); border-radius: .3rem; background: var(--bg); color: var(--fg); }
        .status { position: fixed; bottom: 1rem; right: 1rem; max-width: 32rem; background: var(--fg); color: var(--bg); padding: .5rem .9rem;
                  border-radius: .4rem; opacity: 0; transition: opacity .2s; pointer-events: none; }
        .status.shown { opacity: .95; }
        .article { max-width: 52rem; } .article .dek { font-size: 1.1rem; color: var(--muted); }
        .article .body { white-space: pre-wrap; overflow-wrap: anywhere; }
        mark { background: var(--mark); color: inherit; padding: 0 .1rem; } mark:target { outline: 3px solid var(--accent); }
        """

    /// Live updates: the panels are re-rendered by the server and swapped in when a job event arrives
    /// (`/v1/events`) and on a short timer while the tab is visible; admin buttons call the same
    /// `/v1/...` routes as any client, after a confirmation.
    static let javascript = #"""
        "use strict";
        (() => {
          const live = document.getElementById("live");
          const status = document.getElementById("status");
          const panels = Array.from(document.querySelectorAll("[data-fragment]"));
          const seen = new Map();
          let statusTimer = 0, inFlight = false, again = false;

          function localTimes(root) {
            for (const t of root.querySelectorAll("time[datetime]")) {
              const d = new Date(t.dateTime);
              if (!isNaN(d)) { t.title = t.dateTime; t.textContent = d.toLocaleString(); }
            }
          }

          function say(message) {
            if (!status) return;
            status.textContent = message;
            status.classList.add("shown");
            clearTimeout(statusTimer);
            statusTimer = setTimeout(() => status.classList.remove("shown"), 4000);
          }

          // Re-render the panels; a panel the keyboard is in waits, so focus is never pulled away.
          async function refresh() {
            if (inFlight) { again = true; return; }
            inFlight = true;
            try {
              for (const panel of panels) {
                if (panel.contains(document.activeElement) && document.activeElement !== document.body) continue;
                const response = await fetch("/dashboard/fragments/" + panel.dataset.fragment, { cache: "no-store" });
                if (!response.ok) { if (live) live.textContent = "live updates: server answered " + response.status; continue; }
                const html = await response.text();
                if (seen.get(panel) === html) continue;
                seen.set(panel, html);
                panel.innerHTML = html;
                localTimes(panel);
              }
            } catch (error) {
              if (live) live.textContent = "live updates: offline, retrying";
            } finally {
              inFlight = false;
              if (again) { again = false; setTimeout(refresh, 100); }
            }
          }

          localTimes(document);
          if (panels.length > 0) {
            if ("EventSource" in window) {
              const events = new EventSource("/v1/events");
              events.addEventListener("open", () => { if (live) live.textContent = "live updates: on"; });
              events.addEventListener("error", () => { if (live) live.textContent = "live updates: reconnecting"; });
              events.addEventListener("job", refresh);
              events.addEventListener("resync", refresh);
            }
            setInterval(() => { if (!document.hidden) refresh(); }, 1000);
            document.addEventListener("visibilitychange", () => { if (!document.hidden) refresh(); });
          }

          const labels = { retry: "Retry", discard: "Discard for good", cancel: "Cancel", pause: "Pause", resume: "Resume" };
          document.addEventListener("click", async (event) => {
            const button = event.target.closest("button[data-action]");
            if (!button) return;
            const action = button.dataset.action;
            const what = button.dataset.job ? "job " + button.dataset.job : "queue " + button.dataset.queue;
            if (!window.confirm(labels[action] + " " + what + "?")) return;
            const path = button.dataset.job
              ? "/v1/jobs/" + encodeURIComponent(button.dataset.job) + "/" + action
              : "/v1/queues/" + encodeURIComponent(button.dataset.queue) + "/" + action;
            button.disabled = true;
            try {
              const response = await fetch(path, { method: "POST" });
              const body = await response.json().catch(() => ({}));
              if (response.ok) {
                say(labels[action] + ": " + what + (body.state ? " is now " + body.state : body.paused === true ? " is paused" : body.paused === false ? " runs again" : ""));
              } else {
                say(labels[action] + " failed: " + ((body.error && body.error.message) || response.status));
              }
            } catch (error) {
              say(labels[action] + " failed: " + error);
            } finally {
              button.disabled = false;
              button.blur();
              refresh();
            }
          });
        })();
        """#
}
