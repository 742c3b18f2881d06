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
