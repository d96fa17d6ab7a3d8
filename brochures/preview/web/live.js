// Live preview: listen for saved files and swap in the new page without a reload.
(() => {
  "use strict";
  const body = document.body;
  const key = body.dataset.key || null; // null on the index: any change refreshes it
  let generation = Number(body.dataset.generation) || 0;
  let busy = false;
  let again = false;

  function say(text, state) {
    const status = document.getElementById("live-status");
    status.textContent = text;
    status.dataset.state = state;
  }

  async function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    say("updating…", "busy");
    try {
      const response = await fetch(location.href, { cache: "no-store" });
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const content = page.getElementById("content");
      if (!content) throw new Error("no content in the page");
      document.getElementById("content").replaceWith(document.adoptNode(content));
      document.title = page.title;
      generation = Number(page.body.dataset.generation) || generation;
      body.dataset.generation = String(generation);
      say("live", "ok");
    } catch (error) {
      say("cannot reach brochures serve: is it still running?", "down");
    }
    busy = false;
    if (again) { again = false; refresh(); }
  }

  const events = new EventSource("/events?since=" + generation);
  events.addEventListener("change", (event) => {
    const change = JSON.parse(event.data);
    if (!key || change.keys === null || change.keys.includes(key)) refresh();
  });
  events.addEventListener("open", () => say("live", "ok"));
  events.addEventListener("error", () => say("reconnecting…", "down"));
})();
