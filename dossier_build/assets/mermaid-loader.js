/* Self-hosted Mermaid for Material for MkDocs (added by the dossier MkDocs plugin).
 *
 * Material renders ```mermaid blocks with the global `mermaid` and, when there is none,
 * fetches Mermaid from a CDN: a request that leaves the site. This stand-in defines the
 * global, so Material never goes to the CDN, and loads the copy of Mermaid shipped next
 * to this file only when a page really has a diagram; the real Mermaid then replaces the
 * stand-in as the global. */
(function () {
  "use strict";
  if (typeof window.mermaid !== "undefined" && !(window.mermaid instanceof Element)) {
    return;
  }
  var source = document.currentScript.src.replace(/mermaid-loader\.js(\?.*)?$/, "mermaid.min.js");
  var settings = {};
  var loading = null;

  function load() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = source;
        script.onload = function () {
          window.mermaid.initialize(settings);
          resolve(window.mermaid);
        };
        script.onerror = function () {
          reject(new Error("Mermaid could not be loaded from " + source));
        };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  window.mermaid = {
    initialize: function (options) {
      settings = options || {};
    },
    render: function (id, text) {
      return load().then(function (mermaid) {
        return mermaid.render(id, text);
      });
    }
  };
})();
