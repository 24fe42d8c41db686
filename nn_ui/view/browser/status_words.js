// The live view's words at Done (one of the files component_ui.JS_FILES joins): a run that
// learned little gets a suggestion of what to change.

// Below this train accuracy at Done, the network is too small or too straight for its data.
const LEARNED_LITTLE = 0.8;

// A sentence to add to "Done: ..." when the train accuracy acc (0-1) is low, else "".
function doneAdvice(acc) {
  if (!Number.isFinite(acc) || acc >= LEARNED_LITTLE) return "";
  return ` It learned little: train accuracy ${Math.round(100 * acc)} %. A winding data set `
    + "needs a bigger or smoother network: try more hidden units (e.g. 32, or 16, 16) or tanh "
    + "in the sidebar (a new network starts), or more iterations.";
}

