#!/usr/bin/env bash
# Vendors the compiled NHS.UK frontend (npm package nhsuk-frontend, pinned in package.json)
# into src/Signpost.Web/wwwroot/lib/nhsuk-frontend/, so that the web app runs from a fresh
# clone without npm. To move to a new version: change the version in package.json, run
# `npm install`, run this script, look at the pages, commit package*.json and the folder.
#
# What is copied (only what a page loads; no Sass sources, no source maps):
#   nhsuk-frontend.min.css   the stylesheet
#   nhsuk-frontend.min.js    the ES module bundle (exports initAll and each component)
#   assets/                  favicons, app icons, icon SVGs, manifest.json
#   VERSION, LICENSE, NOTICE.md
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

PACKAGE=node_modules/nhsuk-frontend
DIST=$PACKAGE/dist/nhsuk
TARGET=src/Signpost.Web/wwwroot/lib/nhsuk-frontend

if [[ ! -f $PACKAGE/package.json ]]; then
  echo "node_modules/nhsuk-frontend is missing: run 'npm ci' first" >&2
  exit 1
fi
VERSION=$(node -p "require('./$PACKAGE/package.json').version")
case $VERSION in
  10.*) ;;
  *) echo "expected nhsuk-frontend 10.x, found $VERSION: check the file names below still hold" >&2; exit 1 ;;
esac
for file in "$DIST/nhsuk-frontend.min.css" "$DIST/nhsuk-frontend.min.js" "$DIST/assets/manifest.json"; do
  [[ -f $file ]] || { echo "$file not found: has the package layout changed?" >&2; exit 1; }
done

rm -rf "$TARGET"
mkdir -p "$TARGET"

# The stylesheet points at its icons as /assets/images/...: make those URLs relative to the
# stylesheet, so they resolve to lib/nhsuk-frontend/assets/ under any path base. The source map
# is not vendored, so its comment goes too (it would only make browsers ask for a missing file).
sed -e 's#url(/assets/#url(assets/#g' -e 's#/\*\# sourceMappingURL=[^*]*\*/##' \
  "$DIST/nhsuk-frontend.min.css" >"$TARGET/nhsuk-frontend.min.css"
if grep -q 'url(/assets/' "$TARGET/nhsuk-frontend.min.css"; then
  echo "absolute /assets/ URLs left in the stylesheet" >&2
  exit 1
fi
sed -e 's#//\# sourceMappingURL=.*$##' "$DIST/nhsuk-frontend.min.js" >"$TARGET/nhsuk-frontend.min.js"

cp -R "$DIST/assets" "$TARGET/assets"
echo "$VERSION" >"$TARGET/VERSION"

# The npm package ships no LICENSE file; its package.json says MIT. This is the upstream
# repository's LICENSE text.
if [[ -f $PACKAGE/LICENSE ]]; then
  cp "$PACKAGE/LICENSE" "$TARGET/LICENSE"
else
  cat >"$TARGET/LICENSE" <<'EOF'
MIT License

Copyright (c) 2019 NHS.UK

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
EOF
fi

cat >"$TARGET/NOTICE.md" <<EOF
# NHS.UK frontend $VERSION (vendored)

Compiled files from the npm package \`nhsuk-frontend@$VERSION\` (\`dist/nhsuk/\`), copied by
\`scripts/update-nhsuk-frontend.sh\`. Do not edit by hand: change the version in package.json
and run the script again. See docs/frontend.md.

Changes made when copying: the stylesheet's \`url(/assets/...)\` references are made relative
(\`url(assets/...)\`), and the source map comments are removed (the maps are not vendored).

Licence, as the package's README states it: "The codebase is released under the MIT Licence,
unless stated otherwise. [...] The documentation is © NHS England and available under the
terms of the Open Government 3.0 licence." The MIT licence text is in LICENSE.

The NHS logo in the favicons and app icons (\`assets/images/\`) is part of the NHS identity;
its use is governed by the NHS identity guidelines, not by the MIT licence.

The stylesheet loads the Frutiger web font from NHS England's asset host (\`@font-face\`);
where that host cannot be reached, text falls back to Arial or the system sans-serif.
EOF

echo "nhsuk-frontend $VERSION copied to $TARGET ($(du -sh "$TARGET" | cut -f1))"
