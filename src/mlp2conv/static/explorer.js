// Static explorer: swap the pre-rendered frame and the readouts when a control moves.
// Runs once per explorer; the data (frames, readouts, alt texts) is the JSON block
// inside the explorer, computed by Python when the book was built.
(function () {
  if (!window.m2cExplorer) {
    window.m2cExplorer = function (root) {
      var data = JSON.parse(root.querySelector("script.m2c-data").textContent);
      var inputs = data.controls.map(function (c) {
        return root.querySelector('[data-control="' + c.name + '"]');
      });
      var img = root.querySelector("img.m2c-frame");
      var dds = data.readouts.map(function (n) {
        return root.querySelector('dd[data-readout="' + CSS.escape(n) + '"]');
      });
      function show() {
        var k = 0;
        data.controls.forEach(function (c, i) {
          var v = parseInt(inputs[i].value, 10);
          k = k * c.labels.length + v;
          if (inputs[i].type === "range") {
            inputs[i].parentNode.querySelector("output").textContent = c.labels[v];
            inputs[i].setAttribute("aria-valuetext", inputs[i].labels[0].textContent + " = " + c.labels[v]);
          }
        });
        var s = data.states[k];
        img.src = "data:image/png;base64," + data.frames[s[0]];
        img.alt = s[2];
        s[1].forEach(function (t, j) {
          if (dds[j].textContent !== t) { dds[j].textContent = t; }
        });
        root.setAttribute("data-state", k);
      }
      inputs.forEach(function (el) {
        el.addEventListener("input", show);
        el.addEventListener("change", show);
      });
    };
  }
  document.querySelectorAll("[data-m2c-explorer]:not([data-m2c-ready])").forEach(function (r) {
    r.setAttribute("data-m2c-ready", "");
    window.m2cExplorer(r);
  });
})();
