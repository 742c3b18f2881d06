// The composer, live: as the person types, asks the page's Live handler for the findings of each
// channel (the same HTML the form post shows) and announces only their counts; "Use this fix"
// changes that channel's text in place, then checks again. Loaded as a module from
// Pages/Posts/_Composer.cshtml: no inline script, so the Content-Security-Policy can forbid them.
// Without JavaScript the buttons post the form and the page shows the same results.
const form = document.getElementById('composer-form');
const results = document.getElementById('composer-findings');
const status = document.getElementById('composer-status');

if (form && results && status && form.dataset.liveUrl) {
  const url = form.dataset.liveUrl;
  const waitMs = 400;
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
    // The form's fields include its antiforgery token; the header carries it too.
    const data = new FormData(form);
    const token = data.get('__RequestVerificationToken');
    const headers = { Accept: 'application/json' };
    if (typeof token === 'string') {
      headers.RequestVerificationToken = token;
    }

    try {
      const response = await fetch(url, {
        method: 'POST',
        body: new URLSearchParams(data),
        credentials: 'same-origin',
        headers,
        signal: controller.signal,
      });
      if (!response.ok) {
        throw new Error(`The check answered ${response.status}`);
      }

      const body = await response.json();
      if (request !== latest) {
        return;
      }

      // Server-rendered and HTML-encoded by Razor, identical to what the form post shows.
      results.innerHTML = body.html;
      announce(body.summary);
    } catch (error) {
      if (error.name !== 'AbortError' && request === latest) {
        announce('The post could not be checked just now. Select "Check without saving" to try again.');
      }
    }
  };

  const schedule = () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, waitMs);
  };

  // The finding's offsets are into the text as the server read it (line ends as \n, trimmed).
  // Use them when they still point at the same words; otherwise the words if they appear once;
  // otherwise give up and let the button post the form.
  const fixed = (text, button) => {
    const suggestion = button.dataset.fixSuggestion ?? '';
    if (button.dataset.fixCode === 'PLATFORM-LENGTH') {
      return suggestion;
    }

    const quote = button.dataset.fixQuote ?? '';
    const start = Number(button.dataset.fixStart);
    const lead = text.length - text.trimStart().length;
    let at = Number.isFinite(start) ? start + lead : -1;
    if (quote.length === 0) {
      return null;
    }

    if (at < 0 || text.slice(at, at + quote.length) !== quote) {
      at = text.indexOf(quote);
      if (at < 0 || text.indexOf(quote, at + 1) >= 0) {
        return null;
      }
    }

    return text.slice(0, at) + suggestion + text.slice(at + quote.length);
  };

  results.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button[data-fix-field]') : null;
    if (!button) {
      return;
    }

    const field = form.elements.namedItem(button.dataset.fixField);
    if (!(field instanceof HTMLTextAreaElement)) {
      return;
    }

    const text = fixed(field.value.replace(/\r\n/g, '\n'), button);
    if (text === null) {
      return;
    }

    event.preventDefault();
    field.value = text;
    field.focus();
    announce(`Fix used: ${button.dataset.fixQuote ? `“${button.dataset.fixQuote}” is now “${button.dataset.fixSuggestion}”` : 'the text has been shortened'}. Checking again.`);
    window.clearTimeout(timer);
    check();
  });

  form.addEventListener('input', schedule);
  form.addEventListener('change', schedule);
}
