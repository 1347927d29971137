// Typeset TeX to SVG at build time, so that pages need no MathJax (nor its fonts) at run time.
// Used by nnbook_site/maths.py. Protocol: one JSON request per line on stdin,
//   {"items": [{"tex": "...", "display": true}, ...]}
// one JSON answer per line on stdout,
//   {"html": ["<mjx-container ...>", ...], "errors": ["message or empty", ...],
//    "defs": "<svg ...><defs>glyph shapes the formulas <use></defs></svg>"}
// A first request {"stylesheet": true} answers {"css": "..."}: the CSS the SVG output needs.
// MathJax comes from node_modules/mathjax (npm ci); nothing is fetched.
const path = require("path");
const readline = require("readline");

const root = path.resolve(__dirname, "..", "node_modules", "mathjax", "es5");
global.MathJax = {
  loader: {
    paths: { mathjax: root },
    load: ["input/tex", "output/svg", "adaptors/liteDOM", "a11y/assistive-mml"],
    require: require,
  },
  tex: {
    packages: { "[+]": ["noerrors"] },
    processEscapes: true,
    processEnvironments: true,
  },
  svg: { fontCache: "global" },
  options: { enableAssistiveMml: true },
  startup: { typeset: false },
};
require(path.join(root, "startup.js"));

MathJax.startup.promise.then(() => {
  const adaptor = MathJax.startup.adaptor;
  const lines = readline.createInterface({ input: process.stdin });
  lines.on("line", (line) => {
    const request = JSON.parse(line);
    if (request.stylesheet) {
      const css = adaptor.textContent(MathJax.svgStylesheet());
      process.stdout.write(JSON.stringify({ css }) + "\n");
      return;
    }
    const html = [], errors = [];
    const cache = MathJax.startup.output.fontCache;
    cache.clearCache();  // one set of glyph shapes per page, shared by its formulas
    for (const item of request.items) {
      MathJax.texReset();
      const node = MathJax.tex2svg(item.tex, { display: !!item.display });
      const error = adaptor.tags(node, "merror")[0] || adaptor.tags(node, "mjx-merror")[0];
      errors.push(error ? adaptor.getAttribute(error, "data-mjx-error") || adaptor.textContent(error) : "");
      html.push(adaptor.outerHTML(node));
    }
    const defs = '<svg id="MJX-SVG-global-cache" xmlns="http://www.w3.org/2000/svg" ' +
      'style="display: none;" aria-hidden="true">' + adaptor.outerHTML(cache.getCache()) + "</svg>";
    process.stdout.write(JSON.stringify({ html, errors, defs }) + "\n");
  });
}).catch((err) => {
  process.stderr.write(String(err) + "\n");
  process.exit(1);
});
