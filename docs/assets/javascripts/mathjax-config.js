// MathJax 3 configuration.  MathJax itself is served from this site (copied from the
// npm package at build time), never from a CDN.
// Markdown pages: pymdownx.arithmatex wraps maths in elements of class "arithmatex".
// Lesson pages: nbconvert leaves $...$ in the text of "jupyter-wrapper" blocks.
// Components instead of the combined tex-chtml.js: the same TeX input and CommonHTML output
// with hidden MathML for screen readers, without the 425 KB right-click menu.
window.MathJax = {
  loader: { load: ["input/tex", "output/chtml", "a11y/assistive-mml"] },
  tex: {
    inlineMath: [["\\(", "\\)"], ["$", "$"]],
    displayMath: [["\\[", "\\]"], ["$$", "$$"]],
    processEscapes: true,
    processEnvironments: true,
  },
  // Skip the page's text, except maths marked by arithmatex and the lessons' rendered
  // cells.  (Material's usual ".*|" would also skip the classless <p> inside lessons.)
  options: {
    ignoreHtmlClass: "md-typeset|md-header|md-sidebar|md-footer|tex2jax_ignore",
    processHtmlClass: "arithmatex|jupyter-wrapper",
  },
  startup: { typeset: false },
};

// Material calls document$ on every page load: typeset then.
document$.subscribe(() => {
  MathJax.startup.promise.then(() => {
    MathJax.typesetClear();
    MathJax.texReset();
    return MathJax.typesetPromise();
  });
});
