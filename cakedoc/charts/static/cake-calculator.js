/* The token-to-power calculator (cakedoc/charts/calculator.py).
 *
 * compute() is the page's doctested chain in the same order of operations
 * as calculator.py's compute(), so the same inputs give the same doubles;
 * format() is numbers.py's display(): three significant figures rounded
 * like toPrecision, grouped by three, or in 万 / 亿 / 万亿 on the Chinese page.
 * tests/test_charts_calculator.py holds the two to identical text.
 */
(function () {
  "use strict";

  var SECONDS_PER_DAY = 24 * 3600;
  var HOURS_PER_YEAR = 365 * 24;
  var PLANT_MW = 1000;
  var ZH_UNITS = [[1e12, "万亿"], [1e8, "亿"], [1e4, "万"]];

  function compute(tokensTrillion, joules, pue, watts) {
    var tokens = tokensTrillion * 1e12;
    var joulesPerDay = tokens * joules;
    var gpuHours = joulesPerDay / watts / 3600;
    var mwChips = joulesPerDay / SECONDS_PER_DAY / 1e6;
    var wallMw = mwChips * pue;
    var twhYear = wallMw * HOURS_PER_YEAR / 1e6;
    return {gpu_hours: gpuHours, wall_mw: wallMw, twh_year: twhYear, plants: wallMw / PLANT_MW};
  }

  function grouped(value) {
    var parts = String(value).split(".");
    var whole = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return parts.length > 1 ? whole + "." + parts[1] : whole;
  }

  function format(value, lang) {
    var rounded = Number(value.toPrecision(3));
    if (lang === "zh") {
      for (var i = 0; i < ZH_UNITS.length; i++) {
        if (Math.abs(rounded) >= ZH_UNITS[i][0]) {
          return grouped(Number((rounded / ZH_UNITS[i][0]).toPrecision(3))) + " " + ZH_UNITS[i][1];
        }
      }
    }
    return grouped(rounded);
  }

  window.cakeCalculator = {compute: compute, format: format};

  var section = document.querySelector(".cake-calculator");
  if (!section) return;
  var lang = section.dataset.lang;
  var names = ["tokens", "joules", "pue", "watts"];
  var inputs = names.map(function (name) { return document.getElementById("cake-calc-" + name); });
  var outputs = ["gpu_hours", "wall_mw", "twh_year", "plants"].map(function (name) {
    return [name, document.getElementById("cake-calc-" + name)];
  });

  function update() {
    var values = inputs.map(function (input) { return input.valueAsNumber; });
    var valid = inputs.every(function (input, i) {
      return !isNaN(values[i]) && values[i] >= Number(input.min) && values[i] <= Number(input.max);
    });
    inputs.forEach(function (input, i) {
      var ok = !isNaN(values[i]) && values[i] >= Number(input.min) && values[i] <= Number(input.max);
      input.setAttribute("aria-invalid", ok ? "false" : "true");
    });
    var results = valid ? compute(values[0], values[1], values[2], values[3]) : null;
    outputs.forEach(function (pair) {
      var text = results ? format(results[pair[0]], lang) : section.dataset.invalid;
      if (pair[1].textContent !== text) pair[1].textContent = text;
    });
  }

  inputs.forEach(function (input) { input.addEventListener("input", update); });
  update();
})();
