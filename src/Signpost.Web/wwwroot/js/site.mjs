// Starts the NHS.UK frontend components that need JavaScript (header menu, error summary
// focus, character counts, conditional reveals...). Loaded from the layout as
// <script type="module" src="~/js/site.mjs"></script>: no inline script, so the
// Content-Security-Policy can forbid them. See docs/frontend.md.
import { initAll } from '../lib/nhsuk-frontend/nhsuk-frontend.min.js';

// NHS.UK frontend's own page template sets these classes from an inline script. A browser that
// runs this module supports ES modules, which is what 'nhsuk-frontend-supported' stands for;
// initAll() does nothing without it, and the stylesheet uses it for the enhanced states.
document.body.classList.add('js-enabled', 'nhsuk-frontend-supported');

initAll();

// NHS.UK frontend marks a radio or checkbox that reveals more fields with aria-expanded. ARIA
// does not allow aria-expanded on those roles (axe: aria-allowed-attr), and GOV.UK Frontend
// dropped it for that reason; the revealed fields follow the input in the reading order, which
// is what screen reader users need. Remove it whenever the component sets it.
const revealers = 'input[type="radio"][aria-expanded], input[type="checkbox"][aria-expanded]';
const dropExpanded = (root) => root.querySelectorAll(revealers).forEach((input) => input.removeAttribute('aria-expanded'));
dropExpanded(document);
new MutationObserver((changes) => {
  for (const change of changes) {
    if (change.target instanceof HTMLInputElement && change.target.matches(revealers)) {
      change.target.removeAttribute('aria-expanded');
    }
  }
}).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['aria-expanded'] });
