/* datasette-claims: a table's column descriptions go below its rows, folded, so a long list of
   them never pushes the data down the page. Without JavaScript they stay where Datasette puts them. */
document.addEventListener("DOMContentLoaded", function () {
  var descriptions = document.querySelector("dl.column-descriptions");
  var rows = document.querySelector(".table-wrapper");
  if (!descriptions || !rows) return;
  var folded = document.createElement("details");
  folded.className = "claims-column-descriptions";
  var summary = document.createElement("summary");
  summary.textContent = "About these columns";
  folded.appendChild(summary);
  folded.appendChild(descriptions);
  rows.parentNode.insertBefore(folded, rows.nextSibling);
});
