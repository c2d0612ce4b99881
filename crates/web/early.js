// The page takes a file from the moment this script runs, before its wasm
// has loaded and started: a file dropped or chosen meanwhile waits here, and
// the app takes it over when it starts (`sheetplotEarly.stop()`, which also
// removes these handlers, the app's own taking their place). Without them a
// file dropped during the load would make the browser open it instead.
//
// It loads `async` from the head, so it runs as soon as it arrives, perhaps
// before the body is parsed: its handlers sit on the window and find the
// page's elements only when an event comes.
(() => {
  const find = (id) => document.querySelector(`[data-testid=${id}]`);
  let waiting = null;
  const keep = (file) => {
    waiting = file;
    const status = find('status');
    if (status) status.textContent = `Opening ${file.name} once sheetplot has loaded…`;
  };
  const dragging = (on) => find('drop-zone')?.classList.toggle('dragging', on);
  const over = (event) => {
    event.preventDefault();
    dragging(true);
  };
  const leave = (event) => {
    if (!event.relatedTarget) dragging(false);
  };
  const drop = (event) => {
    event.preventDefault();
    dragging(false);
    const file = event.dataTransfer && event.dataTransfer.files[0];
    if (file) keep(file);
  };
  // `change` bubbles from the file input.
  const change = (event) => {
    const input = event.target;
    if (input !== find('file-input')) return;
    const file = input.files && input.files[0];
    if (file) keep(file);
    // Choosing the same file again must fire `change` again.
    input.value = '';
  };
  // Enter or Space on the focused drop zone opens the file picker.
  const key = (event) => {
    if (event.target !== find('drop-zone') || (event.key !== 'Enter' && event.key !== ' ')) return;
    event.preventDefault();
    find('file-input').click();
  };
  const handlers = { dragover: over, dragleave: leave, drop, change, keydown: key };
  for (const [type, handler] of Object.entries(handlers)) addEventListener(type, handler);
  window.sheetplotEarly = {
    /** Removes these handlers; returns the file that waits, if any. */
    stop() {
      for (const [type, handler] of Object.entries(handlers)) removeEventListener(type, handler);
      const file = waiting;
      waiting = null;
      return file;
    },
  };
  performance.mark('sheetplot:interactive');
})();
