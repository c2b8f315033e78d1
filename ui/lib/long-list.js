// A list that draws only the rows near the viewport, so 20,000 conversations (or a
// 5,000-message thread) cost a few dozen DOM nodes. Rows have one height (measured on the
// first row drawn); the rows not drawn are stood in for by the list's padding, set through
// the CSSOM (`style.paddingTop`), which the CSP allows, unlike a `style` attribute.

const OVERSCAN = 20; // rows drawn above and below the visible ones
const ESTIMATED_ROW = 64; // px, until the first row is measured

/**
 * Fills `list` with `rows`, drawing `renderRow(row, index)` for the visible ones and
 * following the window's scrolling. Returns { refresh(), stop(), drawn() }.
 */
export function longList(list, rows, renderRow, { win = window, overscan = OVERSCAN } = {}) {
  let rowHeight = ESTIMATED_ROW;
  let measured = false;
  let first = -1;
  let last = -1;
  let pending = false;

  function visibleRange() {
    const top = list.getBoundingClientRect().top; // < 0 once the list's start scrolled away
    const viewport = win.innerHeight || 800;
    const start = Math.max(0, Math.floor(-top / rowHeight) - overscan);
    const end = Math.min(rows.length, Math.ceil((viewport - top) / rowHeight) + overscan);
    return [start, Math.max(start, end)];
  }

  function measure() {
    const row = list.firstElementChild;
    const height = row ? row.getBoundingClientRect().height : 0;
    if (height > 0) {
      measured = true;
      if (Math.abs(height - rowHeight) > 0.5) {
        rowHeight = height;
        first = -1; // the range computed with the estimate may be wrong: draw again
        draw();
      }
    }
  }

  function draw() {
    pending = false;
    const [start, end] = visibleRange();
    if (start === first && end === last) return;
    first = start;
    last = end;
    list.replaceChildren(...rows.slice(start, end).map((row, i) => renderRow(row, start + i)));
    list.style.paddingTop = `${start * rowHeight}px`;
    list.style.paddingBottom = `${(rows.length - end) * rowHeight}px`;
    if (!measured) measure();
  }

  function schedule() {
    if (pending) return;
    pending = true;
    win.requestAnimationFrame(draw);
  }

  win.addEventListener("scroll", schedule, { passive: true });
  win.addEventListener("resize", schedule);
  draw();

  return {
    /** Draws again (after a layout change). */
    refresh: () => {
      first = -1;
      draw();
    },
    /** Stops following the window (the screen is leaving). */
    stop: () => {
      win.removeEventListener("scroll", schedule);
      win.removeEventListener("resize", schedule);
    },
    /** The [start, end) rows drawn now. */
    drawn: () => [first, last],
  };
}
