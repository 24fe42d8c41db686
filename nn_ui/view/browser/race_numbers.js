// The race view's numbers (one of the files component_ui.JS_FILES joins): a network that
// diverged keeps its last good parameters, so its number after that is the last one it had
// (as the page's bar chart of the race's end shows it), not a dash.

// The last finite value of list at or before index j (NaN when there is none).
function lastFinite(list, j) {
  for (let q = Math.min(j, list.length - 1); q >= 0; q--) {
    if (Number.isFinite(list[q])) return list[q];
  }
  return NaN;
}

