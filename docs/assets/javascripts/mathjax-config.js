// MathJax 3 configuration.  MathJax itself is served from this site (copied from the
// npm package at build time), never from a CDN.
// Markdown pages: pymdownx.arithmatex wraps maths in elements of class "arithmatex".
// Lesson pages: nbconvert leaves $...$ in the text of "jupyter-wrapper" blocks.
window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"], ["$", "$"]],
    displayMath: [["\\[", "\\]"], ["$$", "$$"]],
    processEscapes: true,
    processEnvironments: true,
  },
  options: {
    ignoreHtmlClass: ".*|",
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
