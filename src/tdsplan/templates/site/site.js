/* Filtre et recherche des actions (page recherche.html) : lit l’index inclus dans la
   page et masque les actions qui ne répondent pas aux filtres. Sans JavaScript, la
   page montre simplement toutes les actions. */
(function () {
  "use strict";
  var form = document.getElementById("filtres");
  var data = document.getElementById("index");
  var list = document.getElementById("resultats");
  var count = document.getElementById("compte");
  if (!form || !data || !list || !count) {
    return;
  }
  var index = JSON.parse(data.textContent);
  var items = list.querySelectorAll("li[data-i]");
  var french = document.documentElement.lang === "fr";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[-_]/g, " ");
  }

  function apply() {
    var words = fold(form.elements.q.value).split(/\s+/).filter(Boolean);
    var statut = form.elements.statut.value;
    var porteur = form.elements.porteur.value;
    var territoire = form.elements.territoire.value;
    var mandat = form.elements.mandat.value ? Number(form.elements.mandat.value) : null;
    var bailleur = form.elements.bailleur ? form.elements.bailleur.value : "";
    var shown = 0;
    for (var i = 0; i < index.length; i++) {
      var row = index[i];
      var keep = words.every(function (word) { return row[0].indexOf(word) !== -1; }) &&
        (!statut || (statut === "en_retard" ? row[2] === 1 : row[1] === statut)) &&
        (!porteur || row[3] === porteur) &&
        (!territoire || row[4].indexOf(territoire) !== -1) &&
        (mandat === null || row[5].indexOf(mandat) !== -1) &&
        (!bailleur || row[6].indexOf(bailleur) !== -1);
      items[i].hidden = !keep;
      if (keep) {
        shown++;
      }
    }
    var one = french ? shown <= 1 : shown === 1;
    count.textContent = count.getAttribute(one ? "data-one" : "data-other")
      .replace("{n}", String(shown));
  }

  var params = new URLSearchParams(window.location.search);
  ["q", "statut", "porteur", "territoire", "mandat", "bailleur"].forEach(function (name) {
    var field = form.elements[name];
    var value = params.get(name);
    if (field && value !== null) {
      field.value = value;
    }
  });
  form.hidden = false;
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    apply();
  });
  apply();
}());
