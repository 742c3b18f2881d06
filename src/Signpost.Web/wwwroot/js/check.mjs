// "Check a post", live: as the person types, asks the page's Live handler for the findings
// (the same HTML the form post shows) and announces only their count. Loaded as a module from
// Pages/Check/Index.cshtml: no inline script, so the Content-Security-Policy can forbid them.
// Without JavaScript the form posts and the page shows the same results.
const form = document.getElementById('check-form');
const results = document.getElementById('check-results');
const status = document.getElementById('check-status');

if (form && results && status && form.dataset.liveUrl) {
  const url = form.dataset.liveUrl;
  const waitMs = 300;
  let timer = 0;
  let controller = null;
  let latest = 0;

  const announce = (text) => {
    const paragraph = document.createElement('p');
    paragraph.className = 'nhsuk-body-l';
    paragraph.textContent = text;
    status.replaceChildren(paragraph);
  };

  const check = async () => {
    const request = ++latest;
    controller?.abort();
    controller = new AbortController();
    // The form's fields include its antiforgery token, so the handler accepts the post.
    const body = new URLSearchParams(new FormData(form));
    try {
      const response = await fetch(url, {
        method: 'POST',
        body,
        credentials: 'same-origin',
        headers: { Accept: 'application/json' },
        signal: controller.signal,
      });
      if (!response.ok) {
        throw new Error(`The check answered ${response.status}`);
      }

      const data = await response.json();
      if (request !== latest) {
        return;
      }

      // Server-rendered and HTML-encoded by Razor, identical to what the form post shows.
      results.innerHTML = data.html;
      announce(data.summary);
    } catch (error) {
      if (error.name !== 'AbortError' && request === latest) {
        announce('The post could not be checked just now. Select "Check post" to try again.');
      }
    }
  };

  const schedule = () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, waitMs);
  };

  form.addEventListener('input', schedule);
  form.addEventListener('change', schedule);
}
